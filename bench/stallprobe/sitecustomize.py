"""A stall probe for benchmark servers (docs/performance.md, "Stolen CPU time").

Put this directory first on PYTHONPATH of a run (`PYTHONPATH=bench/stallprobe:. python -m bench pages ...`): every
Python process that starts a uvicorn server then beats a heartbeat every 5 ms on its event loop, and a watchdog
thread writes to `test-output/bench/stall-<pid>.log`, for every stall longer than STALL_MS (default 40 ms), how
long the heartbeat stopped and the main thread's stack when the stall was noticed. A stack inside Python code names
what blocked the loop; a stack standing in the loop itself or in a system call means that the process was not
running at all (the host's stolen time).
"""

from __future__ import annotations

import os
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import Any

STALL_MS = float(os.environ.get("STALL_MS", "40"))
_beat = [time.monotonic()]


def _log() -> Any:
    folder = Path(__file__).resolve().parents[2] / "test-output" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    return (folder / f"stall-{os.getpid()}.log").open("a", buffering=1)


def _watch(log: Any, main: int | None) -> None:
    stalled_at: float | None = None  # the beat the loop is late after
    stack = ""
    while True:
        time.sleep(0.005)
        last = _beat[0]
        if stalled_at is not None and last != stalled_at:  # the stall is over: how long it lasted, and where
            log.write(f"--- {time.time():.3f} stalled {(last - stalled_at) * 1000:.0f} ms\n{stack}\n")
            stalled_at = None
        if stalled_at is None and (time.monotonic() - last) * 1000 > STALL_MS:
            stalled_at = last
            frame = sys._current_frames().get(main) if main is not None else None
            stack = "".join(traceback.format_stack(frame, limit=25)) if frame is not None else "?\n"


def _install(loop: Any) -> None:
    def beat() -> None:
        _beat[0] = time.monotonic()
        loop.call_later(0.005, beat)

    loop.call_soon(beat)
    log = _log()
    log.write(f"probe installed {time.time():.3f}\n")
    threading.Thread(target=_watch, args=(log, threading.main_thread().ident), daemon=True).start()


try:
    import uvicorn.server as _server
except ImportError:  # not a server process
    pass
else:
    _startup = _server.Server.startup

    async def _probed_startup(self: Any, *args: Any, **kwargs: Any) -> Any:
        import asyncio

        _install(asyncio.get_running_loop())
        return await _startup(self, *args, **kwargs)

    _server.Server.startup = _probed_startup  # type: ignore[method-assign]
