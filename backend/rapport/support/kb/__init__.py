"""The knowledge base: Markdown articles, searchable in Chinese and English, suggested for tickets."""
