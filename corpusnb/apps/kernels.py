"""The kernel manager of ``corpusnb explore``: at most ``max_kernels`` kernels at once.

Voilà starts a kernel for every page it serves (about 245 MB each for the explorer).
jupyter_server culls idle kernels (``MappingKernelManager.cull_idle_timeout``) but has
no limit on how many run, so this subclass refuses a page, with HTTP 503 and a message
that says what to do, when ``max_kernels`` are running. ``corpusnb explore`` names it
with Voilà's ``VoilaConfiguration.multi_kernel_manager_class`` option.
"""
from __future__ import annotations

import asyncio

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from traitlets import Integer

__all__ = ["CappedKernelManager", "full_message"]


def full_message(running: int, limit: int, idle_seconds: int) -> str:
    """What a reader sees when the server already runs its most kernels.

    Examples
    --------
    >>> print(full_message(2, 2, 600))  # doctest: +NORMALIZE_WHITESPACE
    The explorer already runs 2 pages, the most this server allows (--max-kernels 2).
    Close a page of it, or wait: a page left idle is shut down after 10 minutes.
    """
    wait = f"{idle_seconds / 60:g} minutes" if idle_seconds >= 60 else f"{idle_seconds} seconds"
    return (f"The explorer already runs {running} pages, the most this server allows "
            f"(--max-kernels {limit}). Close a page of it, or wait: a page left idle is "
            f"shut down after {wait}.")


class CappedKernelManager(AsyncMappingKernelManager):
    """jupyter_server's kernel manager with a cap: ``start_kernel`` raises
    ``HTTPError(503)`` while ``max_kernels`` kernels run (starts are serialised, so
    pages requested at the same moment cannot pass the cap together)."""

    max_kernels = Integer(4, config=True, help="The most kernels (pages) running at once.")

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._cap_lock: asyncio.Lock | None = None

    async def start_kernel(self, *, kernel_id: str | None = None, path: str | None = None,
                           **kwargs) -> str:
        """Start a kernel unless ``max_kernels`` already run (then HTTP 503)."""
        if kernel_id is not None and kernel_id in self:
            return await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs)
        if self._cap_lock is None:
            self._cap_lock = asyncio.Lock()
        async with self._cap_lock:
            running = len(self.list_kernel_ids())
            if running >= self.max_kernels:
                self.log.warning("Refused a kernel: %d of at most %d run", running,
                                 self.max_kernels)
                raise web.HTTPError(503, full_message(running, self.max_kernels,
                                                      self.cull_idle_timeout))
            return await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs)
