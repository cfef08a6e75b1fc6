"""Annual reports (Art. 13 ¶2): the figures, and their HTML, Markdown and Word renderings with charts."""
