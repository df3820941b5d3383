"""The GraphQL layer: schema assembly, context, loaders, limits and the ASGI app."""
