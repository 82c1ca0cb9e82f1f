"""The stack as immutable data: layers, components, seams, the OSI sub-column and TCP/IP.

Everything here is a frozen dataclass built once by ``desktop.core.stack.reader.load_stack`` from
``layers.yaml``. Views and the simulation read it; nothing mutates it, so the same model can be
shared by the column, the inspector, lessons and the simulation without copies or locks.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from desktop.core.stack.ref import Ref


@dataclass(frozen=True)
class Budget:
    name: str
    unit: str
    consumed_by: str


@dataclass(frozen=True)
class Example:
    name: str
    note: str = ""


@dataclass(frozen=True)
class Component:
    id: str
    name: str
    description: str
    layer: int
    depends_on: tuple[str, ...] = ()

    @property
    def ref(self) -> Ref:
        return Ref("component", self.id)


@dataclass(frozen=True)
class Layer:
    id: str
    number: int
    name: str
    short: str
    summary: str
    description: str
    promise: str
    leaks: str
    budget: Budget
    components: tuple[Component, ...]
    examples: tuple[Example, ...]

    @property
    def ref(self) -> Ref:
        return Ref("layer", self.id)


@dataclass(frozen=True)
class Seam:
    id: str
    lower: str
    upper: str
    name: str
    assumes: str
    guarantees: str
    leaks: tuple[str, ...]

    @property
    def ref(self) -> Ref:
        return Ref("seam", self.id)


@dataclass(frozen=True)
class OsiLayer:
    number: int
    name: str
    pdu: str
    protocols: tuple[str, ...]
    device: str
    description: str

    @property
    def id(self) -> str:
        return str(self.number)

    @property
    def ref(self) -> Ref:
        return Ref("osi", self.number)


@dataclass(frozen=True)
class TcpIpLayer:
    id: str
    name: str
    osi: tuple[int, ...]
    protocols: tuple[str, ...]
    description: str

    @property
    def ref(self) -> Ref:
        return Ref("tcpip", self.id)


Item = Layer | Component | Seam | OsiLayer | TcpIpLayer

REF_KINDS = ("layer", "component", "seam", "osi", "tcpip")


@dataclass(frozen=True)
class Stack:
    """The whole column. Lookups by reference string (``kind:id``) go through ``find``."""

    title: str
    naming_clash: str
    layers: tuple[Layer, ...]
    seams: tuple[Seam, ...]
    osi: tuple[OsiLayer, ...]
    tcpip: tuple[TcpIpLayer, ...]
    source: str = ""
    _index: dict[str, Item] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        index = self._index
        for layer in self.layers:
            index[layer.ref] = layer
            for comp in layer.components:
                index[comp.ref] = comp
        for item in (*self.seams, *self.osi, *self.tcpip):
            index[item.ref] = item

    # lookups -------------------------------------------------------------------------------
    def find(self, ref: str) -> Item | None:
        return self._index.get(ref)

    def refs(self, kind: str | None = None) -> list[str]:
        return [r for r in self._index if kind is None or r.startswith(kind + ":")]

    def layer(self, key: int | str) -> Layer:
        for layer in self.layers:
            if layer.number == key or layer.id == key:
                return layer
        raise KeyError(key)

    def component(self, ident: str) -> Component:
        item = self._index.get(Ref.component(ident))
        if not isinstance(item, Component):
            raise KeyError(ident)
        return item

    @property
    def components(self) -> tuple[Component, ...]:
        return tuple(c for layer in self.layers for c in layer.components)

    def seam_between(self, lower: int, upper: int) -> Seam | None:
        lo, hi = min(lower, upper), max(lower, upper)
        return self._index.get(Ref.seam(lo, hi))  # type: ignore[return-value]

    def layer_of(self, ref: str) -> int | None:
        """The stack layer a reference lives in (OSI and TCP/IP live in layer 2)."""
        item = self.find(ref)
        if isinstance(item, Layer):
            return item.number
        if isinstance(item, Component):
            return item.layer
        if isinstance(item, (OsiLayer, TcpIpLayer)):
            return 2
        if isinstance(item, Seam):
            return self.layer(item.lower).number
        return None

    def label(self, ref: str) -> str:
        """A short human name for any reference, for captions and lists."""
        item = self.find(ref)
        if isinstance(item, Layer):
            return f"{item.number} · {item.name}"
        if isinstance(item, OsiLayer):
            return f"OSI {item.number} · {item.name}"
        if isinstance(item, Seam):
            return f"Seam {item.id}: {item.name}"
        if item is not None:
            return item.name
        return ref
