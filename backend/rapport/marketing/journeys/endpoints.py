"""Where journeys' webhook and audience nodes may POST: the integrations' guard (`safe_url`: http(s), https only
in production, no private, loopback or link-local address unless settings allow them), at save and activation and
again before every call (a host name can change its address)."""

from __future__ import annotations

from rapport.config import Settings, get_settings
from rapport.core.errors import BadUserInputError
from rapport.core.i18n import Message, msg
from rapport.integrations.service import safe_url
from rapport.marketing.journeys.graph import Graph, GraphError, Node


def endpoint_of(node: Node) -> str | None:
    """The URL a node POSTs to (webhooks, audiences in webhook mode); None for every other node."""
    if node.type == "webhook" or (node.type == "audience" and node.config.get("mode") == "webhook"):
        return str(node.config.get("url", ""))
    return None


async def unsafe(node: Node, settings: Settings | None = None) -> Message | None:
    """Why the node may not POST to its URL now (naming the node); None when it may, or posts nothing."""
    url = endpoint_of(node)
    if url is None:
        return None
    try:
        await safe_url(url, settings or get_settings())
    except BadUserInputError as error:
        return msg("Node {node}: {problem}", node=node.id, problem=error.text)
    return None


async def check_endpoints(graph: Graph, settings: Settings | None = None) -> None:
    """BAD_USER_INPUT (field `graph`, naming the node) for a node whose URL Rapport may not reach."""
    for node in graph.nodes.values():
        text = await unsafe(node, settings)
        if text is not None:
            raise GraphError(text)
