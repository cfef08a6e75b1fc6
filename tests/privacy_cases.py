"""The keys of an office's ``mkdocs.yml`` that the privacy lint refuses, each as a test writes it: shared by the
lint's own tests and the new-office test."""

from __future__ import annotations

__all__ = ["FORBIDDEN"]

# (what is added to a plain Material config, the key named, a fragment of what to write instead)
FORBIDDEN = [
    ("theme_font", "  font:\n    text: Roboto\n", "theme.font", "请写 font: false"),
    ("repo_url", "repo_url: https://git.example.org/office/records\n", "repo_url", "请删去 repo_url"),
    ("edit_uri", "edit_uri: edit/main/docs/\n", "edit_uri", "请删去 edit_uri"),
    ("extra_analytics", "extra:\n  analytics:\n    provider: google\n    property: G-XXXX\n", "extra.analytics",
     "请删去 extra.analytics"),
    ("google_analytics", "google_analytics: ['UA-1', 'auto']\n", "google_analytics", "请删去 google_analytics"),
    ("social_plugin", "  - social\n", "plugins.social", "请删去 social 插件"),
    ("social_links", "extra:\n  social:\n    - icon: fontawesome/brands/github\n      link: https://x.org\n",
     "extra.social", "请删去 extra.social"),
    ("consent", "extra:\n  consent:\n    title: Cookie\n", "extra.consent", "请删去 extra.consent"),
    ("polyfill", "extra:\n  polyfills:\n    - https://unpkg.com/iframe-worker/shim.js\n", "extra.polyfills[0]",
     "请删去 extra.polyfills"),
    ("extra_javascript", "extra_javascript:\n  - https://cdn.example.org/x.js\n", "extra_javascript[0]",
     "extra_javascript: [javascripts/office.js]"),
    ("extra_javascript_mapping", "extra_javascript:\n  - path: //cdn.example.org/x.js\n    type: module\n",
     "extra_javascript[0]", "改写为相对路径"),
    ("extra_css", "extra_css:\n  - http://cdn.example.org/x.css\n", "extra_css[0]",
     "extra_css: [stylesheets/office.css]"),
    ("other_plugin", "  - privacy\n", "plugins.privacy", "请删去 privacy 插件"),
    ("site_url", "site_url: https://talks.example.gov.cn/\n", "site_url", "请删去 site_url"),
    ("logo_url", "  logo: https://example.org/logo.png\n", "theme.logo", "写 logo: images/logo.svg"),
    ("snippets", "markdown_extensions:\n  - pymdownx.snippets\n", "markdown_extensions.pymdownx.snippets",
     "请删去 pymdownx.snippets"),
    ("emoji_cdn", "markdown_extensions:\n  - pymdownx.emoji\n", "markdown_extensions.pymdownx.emoji",
     "material.extensions.emoji.to_svg"),
    ("dev_addr", "dev_addr: 0.0.0.0:8000\n", "dev_addr", "请写 dev_addr: 127.0.0.1:8000"),
    ("hooks", "hooks:\n  - hooks.py\n", "hooks", "请删去 hooks"),
]
