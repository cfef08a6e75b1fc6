"""``talkdocs demo``: a synthetic, province-sized records repository for demonstrations and benchmarks."""
