"""Inspector text for anything in the column, as Markdown.

The inspector, lesson handouts and tests all read the same words from here, so what a student
sees in the app and on paper never drifts apart. Qt renders the Markdown; nothing here knows Qt.
"""
from __future__ import annotations

from desktop.core.stack.model import Component, Layer, OsiLayer, Seam, Stack, TcpIpLayer


def _list(items: list[str]) -> str:
    return "\n".join(f"- {i}" for i in items)


def describe(stack: Stack, ref: str) -> tuple[str, str]:
    """``(title, markdown)`` for a reference; an unknown reference says so plainly."""
    item = stack.find(ref)
    if isinstance(item, Layer):
        return _layer(stack, item)
    if isinstance(item, Component):
        return _component(stack, item)
    if isinstance(item, Seam):
        return _seam(stack, item)
    if isinstance(item, OsiLayer):
        return _osi(stack, item)
    if isinstance(item, TcpIpLayer):
        return _tcpip(stack, item)
    return "Nothing selected", ("Click a layer, an OSI sub-layer, a component or a seam — or use the "
                                "arrow keys — to see what it does, what it promises and how it leaks.")


def _layer(stack: Stack, layer: Layer) -> tuple[str, str]:
    parts = [
        f"*{layer.summary}*",
        layer.description,
        f"### Its promise to the layer above\n{layer.promise}",
        f"### How the promise leaks\n{layer.leaks}",
        f"### Budget: {layer.budget.name} ({layer.budget.unit})\n{layer.budget.consumed_by}",
        "### Components\n" + _list([f"**{c.name}** — {c.description}" for c in layer.components]),
        "### Examples\n" + _list([f"**{e.name}**" + (f" — {e.note}" if e.note else "") for e in layer.examples]),
    ]
    seams = [s for s in stack.seams if layer.id in (s.lower, s.upper)]
    if seams:
        parts.append("### Its seams\n" + _list([f"{s.id}: {s.name}" for s in seams]))
    if layer.number == 2:
        parts.append("### OSI lives here\n" + stack.naming_clash)
    return f"Layer {layer.number} · {layer.name}", "\n\n".join(parts)


def _component(stack: Stack, comp: Component) -> tuple[str, str]:
    layer = stack.layer(comp.layer)
    deps = [stack.component(d).name + f" (layer {stack.component(d).layer})" for d in comp.depends_on]
    users = [c.name + f" (layer {c.layer})" for c in stack.components if comp.id in c.depends_on]
    parts = [f"*A component of layer {layer.number} · {layer.name}*", comp.description]
    if deps:
        parts.append("### Depends on\n" + _list(deps))
    if users:
        parts.append("### Relied on by\n" + _list(users))
    parts.append(f"### Budget it spends\n{layer.budget.name} ({layer.budget.unit})")
    return comp.name, "\n\n".join(parts)


def _seam(stack: Stack, seam: Seam) -> tuple[str, str]:
    lower, upper = stack.layer(seam.lower), stack.layer(seam.upper)
    parts = [
        f"*The boundary between layer {lower.number} · {lower.name} and layer {upper.number} · {upper.name}*",
        f"### What the upper side assumes\n{seam.assumes}",
        f"### What the lower side really guarantees\n{seam.guarantees}",
        "### How it leaks\n" + _list(list(seam.leaks)),
    ]
    return f"Seam {seam.id} · {seam.name}", "\n\n".join(parts)


def _osi(stack: Stack, osi: OsiLayer) -> tuple[str, str]:
    tcp = next((t for t in stack.tcpip if osi.number in t.osi), None)
    parts = [
        f"*OSI layer {osi.number}, inside stack layer 2 · Network*",
        osi.description,
        f"**Unit of data (PDU):** {osi.pdu}",
        f"**Typical protocols:** {', '.join(osi.protocols)}",
        f"**A device at this layer:** {osi.device}",
    ]
    if tcp:
        parts.append(f"**In the TCP/IP model (RFC 1122):** part of the {tcp.name} layer")
    if osi.number == 7:
        parts.append("### Not stack layer 7\n" + stack.naming_clash)
    return f"OSI {osi.number} · {osi.name}", "\n\n".join(parts)


def _tcpip(stack: Stack, layer: TcpIpLayer) -> tuple[str, str]:
    names = [f"{o.number} {o.name}" for o in stack.osi if o.number in layer.osi]
    parts = [
        "*A layer of the four-layer Internet model (RFC 1122)*",
        layer.description,
        f"**Covers OSI layers:** {', '.join(names)}",
        f"**Typical protocols:** {', '.join(layer.protocols)}",
    ]
    return f"TCP/IP · {layer.name}", "\n\n".join(parts)
