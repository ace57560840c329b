"""The server's limits in one place, read from the environment.

``nnguide serve`` writes them into ``NNGUIDE_*`` variables before uvicorn starts, so that
every worker process (spawned, with an app built by an import-string factory that takes no
arguments) sees the same values. ``create_app(settings)`` also takes them directly, which is
what tests do.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace

#: Names that always reach the guide: the machine itself.
LOCAL_NAMES = frozenset({"localhost", "127.0.0.1", "[::1]"})
#: Bind addresses meaning "every interface".
WILDCARDS = frozenset({"0.0.0.0", "::", "[::]", ""})


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def normalize_host(name: str) -> str:
    """A Host header or a command-line name, as compared: lower case, no port, no final dot.

    IPv6 literals keep their brackets (``[::1]``), as they appear in a Host header. Anything
    malformed (a port that is not a number, text after ``]``) comes back unchanged, so it
    matches no allowed name.
    """
    name = name.strip().lower()
    if name.startswith("["):
        host, _, rest = name.partition("]")
        host += "]"
    elif name.count(":") > 1:  # a bare IPv6 address, e.g. from --host ::1
        return f"[{name}]"
    else:
        host, colon, port = name.partition(":")
        rest = colon + port
        host = host.rstrip(".")
    if rest and not (rest.startswith(":") and rest[1:].isdigit()):
        return name
    return host


def is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Settings:
    #: Host names (besides LOCAL_NAMES) that requests may be addressed to.
    allowed_hosts: frozenset[str] = field(default_factory=frozenset)
    #: When listening on every interface, any IP-address Host is fine too: DNS rebinding needs
    #: a name the attacker controls, and an address is not one.
    allow_ip_hosts: bool = False
    #: Threads per worker process for numeric work (training, maps, cross-validation).
    compute_threads: int = field(default_factory=cpu_count)
    #: Jobs one client (IP address) may have running or waiting in one worker; more is a 429.
    jobs_per_client: int = 8
    #: Jobs waiting for a thread in one worker, all clients together; more is a 503.
    queue_limit: int = 256
    #: Seconds a client has to send a request's headers (from connecting, or from the end
    #: of the previous answer on a kept-alive connection).
    header_timeout: float = 10.0
    #: Seconds a client has to send a request's body once its headers are in.
    body_timeout: float = 30.0
    #: Seconds an answer may sit unread (the client not reading) before the connection goes.
    send_timeout: float = 30.0
    #: Seconds an idle kept-alive connection stays open.
    keep_alive_timeout: int = 5
    #: Open connections per worker process; more are closed at once (0: from the fd limit).
    max_connections: int = 0
    #: Seconds the server waits for requests in flight when asked to stop.
    graceful_shutdown: int = 3
    #: A CSV file the page offers among its datasets (``nnguide serve --data FILE``), and
    #: the column it suggests predicting (``--target COL``); empty for none.
    data_path: str = ""
    data_target: str = ""
    #: Who may show the guide in a frame: CSP frame-ancestors sources, space-separated
    #: (``--allow-embedding``); "" refuses framing. Checked in nnguide.web.embedding.
    frame_ancestors: str = ""
    #: The path prefix a proxy passes through unstripped (``--root-path``): "" or "/a/b".
    root_path: str = ""

    def host_allowed(self, host: str) -> bool:
        name = normalize_host(host)
        if name in LOCAL_NAMES or name in self.allowed_hosts:
            return True
        return self.allow_ip_hosts and is_ip_literal(name)

    @classmethod
    def for_serve(
        cls,
        host: str,
        extra_hosts: Iterable[str] = (),
        workers: int = 1,
        *,
        allow_embedding: Iterable[str] = (),
        root_path: str = "",
    ) -> Settings:
        """The settings ``nnguide serve --host HOST --allowed-host NAME… --workers N
        --allow-embedding ORIGIN… --root-path PREFIX`` means (ValueError for a bad origin
        or prefix)."""
        from nnguide.web import embedding

        names = {normalize_host(n) for n in extra_hosts if n.strip()}
        if host not in WILDCARDS:
            names.add(normalize_host(host))
        base = cls.from_env()
        threads = max(1, cpu_count() // max(1, workers))
        return replace(
            base,
            allowed_hosts=frozenset(names - LOCAL_NAMES),
            allow_ip_hosts=host in WILDCARDS,
            compute_threads=threads
            if "NNGUIDE_COMPUTE_THREADS" not in os.environ
            else base.compute_threads,
            frame_ancestors=embedding.to_env(allow_embedding),
            root_path=embedding.root_path(root_path),
        )

    def to_env(self) -> dict[str, str]:
        env = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, frozenset):
                text = ",".join(sorted(value))
            elif isinstance(value, bool):
                text = "1" if value else "0"
            else:
                text = str(value)
            env[f"NNGUIDE_{f.name.upper()}"] = text
        return env

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        values: dict[str, object] = {}
        for f in fields(cls):
            text = env.get(f"NNGUIDE_{f.name.upper()}")
            if text is None or text == "" and f.name != "allowed_hosts":
                continue
            default = getattr(cls(), f.name)
            if isinstance(default, frozenset):
                values[f.name] = frozenset(normalize_host(n) for n in text.split(",") if n)
            elif isinstance(default, str):
                values[f.name] = text
            elif isinstance(default, bool):
                values[f.name] = text == "1"
            elif isinstance(default, str):
                values[f.name] = text
            elif isinstance(default, int):
                values[f.name] = int(text)
            else:
                values[f.name] = float(text)
        return cls(**values)  # type: ignore[arg-type]
