"""Rapport's MCP server: tools for AI assistants, each a GraphQL operation run as an API token's user."""
