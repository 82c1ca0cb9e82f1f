"""The header stack a network hop's bytes carry: encapsulation, as a PDU inspector shows it.

A packet on the wire is the app's message wrapped once per layer on the way down: HTTP/2 inside
TLS inside TCP inside IPv6 inside an Ethernet frame. This module derives that stack for every
network hop (stack layer 2) of a flow, from three things the flow already says: the hop's OSI
sub-layer (a DNS query at 7, a TCP handshake at 4, a TLS handshake at 6, the request itself on
the other hops), its direction (down: client → server, up: the answer coming back) and the
flow's ``protocol`` block (HTTP/2 over TCP by default, HTTP/3 over QUIC when the flow says so).
Nothing about headers is typed into each hop, so a new flow gets PDUs for free.

OSI numbers, decided once: Ethernet 2, IPv6 3, TCP and UDP 4, TLS 6 (it encrypts and frames the
app's bytes: the presentation job), HTTP and DNS 7. QUIC is a transport (4) that carries TLS 1.3
inside it, so on an HTTP/3 hop TLS is a field of QUIC, not a header of its own.

Addresses are from the documentation ranges (RFC 3849 for IPv6, RFC 7042 for MACs), ports are
the real ones (443, 53) plus an ephemeral client port, and sequence numbers start at a fixed
initial value so every run prints the same. Sizes are the flow's declared request and answer
sizes plus each header's own length; hop limit (IPv6's TTL) falls by one per router crossed.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

# Header lengths in bytes (the fixed part each protocol adds: unit definitions, not figures).
ETHERNET_BYTES = 18            # 14 header + 4 frame check sequence
IPV6_BYTES = 40
TCP_BYTES = 20
UDP_BYTES = 8
TLS_RECORD_BYTES = 5 + 16      # record header + AEAD tag
QUIC_SHORT_BYTES = 1 + 8 + 4 + 16   # flags, connection id, packet number, AEAD tag
HTTP2_FRAME_BYTES = 9
HTTP3_FRAME_BYTES = 2
DNS_QUERY_BYTES = 40           # header plus one question for a short name
TLS_CLIENT_HELLO_BYTES = 517   # a typical TLS 1.3 ClientHello (browsers pad to about 512)

HOP_LIMIT_START = 64           # Linux and most phones start IPv6 hop limit / IPv4 TTL at 64
CLIENT_PORT = 52144            # an ephemeral port (IANA dynamic range 49152-65535)
HTTPS_PORT = 443
DNS_PORT = 53
CLIENT_ISN = 1_000_000         # initial sequence numbers: fixed so runs print alike
SERVER_ISN = 3_000_000
CLIENT_IP = "2001:db8:c::10"
SERVER_IP = "2001:db8:dc::443"
RESOLVER_IP = "2001:db8:53::53"
CLIENT_MAC = "02:00:00:00:0c:10"
GATEWAY_MAC = "02:00:00:00:0a:01"
SERVER_MAC = "02:00:00:00:dc:43"
ETHERTYPE_IPV6 = "0x86DD"

HTTP_VERSIONS = ("HTTP/2", "HTTP/3")
DEFAULT_HTTP = "HTTP/2"
DEFAULT_REQUEST_BYTES = 800     # a typical HTTPS request with cookies and headers
DEFAULT_RESPONSE_BYTES = 1200   # the first packet of an answer (under one 1500-byte MTU)


@dataclass(frozen=True)
class Header:
    """One header of a PDU: the protocol, its OSI layer, and the fields worth teaching."""

    name: str
    osi: int
    fields: tuple[tuple[str, str], ...]

    def field(self, name: str) -> str:
        for key, value in self.fields:
            if key == name:
                return value
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "osi": self.osi, "fields": dict(self.fields)}


@dataclass(frozen=True)
class Protocol:
    """A flow's ``protocol`` block: which HTTP it speaks and how big its messages are."""

    http: str = DEFAULT_HTTP
    request_bytes: int = DEFAULT_REQUEST_BYTES
    response_bytes: int = DEFAULT_RESPONSE_BYTES

    @property
    def quic(self) -> bool:
        return self.http == "HTTP/3"


@dataclass
class _Conversation:
    """What the endpoints have said so far: sequence numbers move as bytes are sent."""

    client_seq: int = CLIENT_ISN
    server_seq: int = SERVER_ISN
    routers: int = 0


def _sizes(payload: int, headers: Sequence[tuple[str, int, list[tuple[str, str]], int]]) -> list[Header]:
    """Build headers innermost-first with running sizes, then return them outermost first."""
    out: list[Header] = []
    size = payload
    for name, osi, fields, own in reversed(headers):
        size += own
        out.append(Header(name, osi, tuple(fields) + (("size", f"{size} B"),)))
    return list(reversed(out))


def pdu_stack(kind: str, up: bool, protocol: Protocol, conv: _Conversation,
              routers_here: int = 0) -> tuple[Header, ...]:
    """The header stack, outermost first, for a hop of ``kind``: ``dns``, ``handshake``
    (transport set-up), ``tls`` (key agreement) or ``data`` (the request or its answer)."""
    conv.routers += routers_here
    hop_limit = max(HOP_LIMIT_START - conv.routers, 1)
    src_ip, dst_ip = (SERVER_IP, CLIENT_IP) if up else (CLIENT_IP, SERVER_IP)
    src_mac, dst_mac = (SERVER_MAC, GATEWAY_MAC) if up else (CLIENT_MAC, GATEWAY_MAC)
    sport, dport = (HTTPS_PORT, CLIENT_PORT) if up else (CLIENT_PORT, HTTPS_PORT)
    eth = ("Ethernet", 2, [("source MAC", src_mac), ("destination MAC", dst_mac),
                           ("EtherType", f"{ETHERTYPE_IPV6} (IPv6)")], ETHERNET_BYTES)

    def ipv6(src: str, dst: str, next_header: str) -> tuple[str, int, list[tuple[str, str]], int]:
        return ("IPv6", 3, [("source", src), ("destination", dst), ("next header", next_header),
                            ("hop limit (TTL)", str(hop_limit))], IPV6_BYTES)

    if kind == "dns":
        src, dst = (RESOLVER_IP, CLIENT_IP) if up else (CLIENT_IP, RESOLVER_IP)
        ports = (DNS_PORT, CLIENT_PORT) if up else (CLIENT_PORT, DNS_PORT)
        return tuple(_sizes(DNS_QUERY_BYTES, [
            eth, ipv6(src, dst, "17 (UDP)"),
            ("UDP", 4, [("source port", str(ports[0])), ("destination port", str(ports[1]))], UDP_BYTES),
            ("DNS", 7, [("message", "answer (AAAA)" if up else "query AAAA"), ("id", "0x1f2e")], 0)]))
    if protocol.quic:
        return _quic(kind, up, protocol, conv, eth, ipv6(src_ip, dst_ip, "17 (UDP)"), sport, dport)
    seq = conv.server_seq if up else conv.client_seq
    ack = conv.client_seq if up else conv.server_seq
    if kind == "handshake":
        flags = "SYN, ACK" if up else "SYN"
        headers = [eth, ipv6(src_ip, dst_ip, "6 (TCP)"),
                   ("TCP", 4, [("source port", str(sport)), ("destination port", str(dport)),
                               ("sequence", str(seq)), ("ack", str(ack) if up else "0"),
                               ("flags", flags), ("window", "65535")], TCP_BYTES)]
        conv.client_seq += 1          # SYN and SYN-ACK each count as one byte of sequence
        conv.server_seq += 1
        return tuple(_sizes(0, headers))
    if kind == "tls":
        body = TLS_CLIENT_HELLO_BYTES
        headers = [eth, ipv6(src_ip, dst_ip, "6 (TCP)"),
                   ("TCP", 4, [("source port", str(sport)), ("destination port", str(dport)),
                               ("sequence", str(seq)), ("ack", str(ack)), ("flags", "PSH, ACK")],
                    TCP_BYTES),
                   ("TLS 1.3", 6, [("record", "handshake (22)"),
                                   ("message", "ServerHello" if up else "ClientHello"),
                                   ("key share", "X25519")], 5)]
        _advance(conv, up, body + 5)
        return tuple(_sizes(body, headers))
    payload = protocol.response_bytes if up else protocol.request_bytes
    headers = [eth, ipv6(src_ip, dst_ip, "6 (TCP)"),
               ("TCP", 4, [("source port", str(sport)), ("destination port", str(dport)),
                           ("sequence", str(seq)), ("ack", str(ack)), ("flags", "PSH, ACK")], TCP_BYTES),
               ("TLS 1.3", 6, [("record", "application data (23)"), ("cipher", "AES-128-GCM")],
                TLS_RECORD_BYTES),
               ("HTTP/2", 7, [("frame", "DATA (answer)" if up else "HEADERS (request)"),
                              ("stream", "1")], HTTP2_FRAME_BYTES)]
    _advance(conv, up, payload + TLS_RECORD_BYTES + HTTP2_FRAME_BYTES)
    return tuple(_sizes(payload, headers))


def _quic(kind: str, up: bool, protocol: Protocol, conv: _Conversation, eth: Any, ip: Any,
          sport: int, dport: int) -> tuple[Header, ...]:
    """HTTP/3: UDP carries QUIC, which carries TLS 1.3's keys and the HTTP/3 frames."""
    udp = ("UDP", 4, [("source port", str(sport)), ("destination port", str(dport))], UDP_BYTES)
    number = conv.server_seq if up else conv.client_seq
    if kind in ("handshake", "tls"):
        quic = ("QUIC", 4, [("packet", "Handshake" if up else "Initial"), ("packet number", str(number)),
                            ("carries", "TLS 1.3 " + ("ServerHello" if up else "ClientHello"))],
                QUIC_SHORT_BYTES)
        _advance(conv, up, 1)
        return tuple(_sizes(TLS_CLIENT_HELLO_BYTES, [eth, ip, udp, quic]))
    payload = protocol.response_bytes if up else protocol.request_bytes
    quic = ("QUIC", 4, [("packet", "1-RTT (short header)"), ("packet number", str(number)),
                        ("encryption", "TLS 1.3 keys, AES-128-GCM")], QUIC_SHORT_BYTES)
    http = ("HTTP/3", 7, [("frame", "DATA (answer)" if up else "HEADERS (request)"), ("stream", "0")],
            HTTP3_FRAME_BYTES)
    _advance(conv, up, 1)
    return tuple(_sizes(payload, [eth, ip, udp, quic, http]))


def _advance(conv: _Conversation, up: bool, sent: int) -> None:
    if up:
        conv.server_seq += sent
    else:
        conv.client_seq += sent


def hop_kind(component: str, osi: int | None) -> str:
    """What a network hop's bytes are: a DNS query, a transport or TLS handshake, or data."""
    if component == "dns" or (osi == 7 and component == "dns"):
        return "dns"
    if osi == 4:
        return "handshake"
    if osi == 6:
        return "tls"
    return "data"


def flow_pdus(hops: Sequence[Any], protocol: Protocol, values: Mapping[str, Any]) -> dict[str, tuple[Header, ...]]:
    """Hop id → header stack for every network hop (stack layer 2) of a run, in order.

    ``hops`` are the run's hops in time order, each with ``id``, ``component``, ``layer``,
    ``osi``, ``up`` (bool) and ``cost`` (to count routers crossed: a ``switch_hops`` argument on
    an OSI-3 hop, resolved through ``values``).
    """
    conv = _Conversation()
    out: dict[str, tuple[Header, ...]] = {}
    previous: tuple[str, bool] | None = None
    before = (conv.client_seq, conv.server_seq)
    up = False
    for hop in hops:
        if hop.layer != 2:
            continue
        up = up or hop.up                 # once the answer turns back, it stays on its way up
        kind = hop_kind(hop.component, hop.osi)
        key = (kind, up)
        if key == previous and kind == "data":
            conv.client_seq, conv.server_seq = before   # the same message on its next hop
        else:
            before = (conv.client_seq, conv.server_seq)
            if previous is not None and previous[1] != up:
                conv.routers = 0                        # the answer starts afresh at the server
        previous = key
        routers = 0
        if hop.osi == 3:
            arg = dict(hop.cost.args).get("switch_hops", 1)
            raw = values.get(arg, arg) if isinstance(arg, str) else arg
            try:
                routers = int(float(raw))
            except (TypeError, ValueError):
                routers = 1
        out[hop.id] = pdu_stack(kind, up, protocol, conv, routers)
    return out
