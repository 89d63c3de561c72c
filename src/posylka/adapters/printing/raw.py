"""Raw printing: the document's bytes over TCP to the printer's port 9100 (JetDirect).

Zebra-compatible printers take ZPL this way with no driver in between. The connection has a
timeout for connecting and one for writing, so a printer that is switched off, unplugged or
stuck fails the job in seconds with a reason a person can act on.
"""

from __future__ import annotations

import socket

from posylka.domain.printing import PrinterUnreachable, raw_endpoint

CONNECT_TIMEOUT_SECONDS = 5.0
WRITE_TIMEOUT_SECONDS = 30.0


def send_raw(
    address: str,
    content: bytes,
    *,
    copies: int = 1,
    connect_timeout: float = CONNECT_TIMEOUT_SECONDS,
    write_timeout: float = WRITE_TIMEOUT_SECONDS,
) -> None:
    """Write ``content`` ``copies`` times to ``address`` (``host[:port]``) and close."""
    host, port = raw_endpoint(address)
    where = f"{host}:{port}"
    try:
        conn = socket.create_connection((host, port), timeout=connect_timeout)
    except TimeoutError:
        raise PrinterUnreachable(
            where,
            f"did not answer within {_seconds(connect_timeout)}",
            key="timeout",
            detail=f"{connect_timeout:g}",
        ) from None
    except ConnectionRefusedError:
        raise PrinterUnreachable(
            where, "refused the connection (is it a printer?)", key="refused"
        ) from None
    except socket.gaierror:
        raise PrinterUnreachable(where, "is not a known host name", key="unknown_host") from None
    except OSError as exc:
        detail = str(exc.strerror or exc)
        raise PrinterUnreachable(
            where, f"cannot be reached: {detail}", key="unreachable", detail=detail
        ) from None
    with conn:
        conn.settimeout(write_timeout)
        try:
            for _ in range(copies):
                conn.sendall(content)
            conn.shutdown(socket.SHUT_WR)
        except TimeoutError:
            raise PrinterUnreachable(
                where,
                f"stopped taking data for {_seconds(write_timeout)}",
                key="stalled",
                detail=f"{write_timeout:g}",
            ) from None
        except OSError as exc:
            detail = str(exc.strerror or exc)
            raise PrinterUnreachable(
                where, f"closed the connection: {detail}", key="closed", detail=detail
            ) from None


def _seconds(value: float) -> str:
    return f"{value:g} s"
