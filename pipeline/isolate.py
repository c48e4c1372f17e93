"""The GraalVM isolate saxonche runs Saxon in, created with a bounded young generation.

saxonche creates its isolate (Saxon's heap) with GraalVM's defaults, which let the young
generation grow with the machine's memory: on a 24 GiB machine a process building a 16 MB
corpus of plays grew to some 440 MB, collecting rarely, though it holds one document at a time.
With the young generation bounded (:data:`DEFAULT_ARGUMENTS`) the same build peaks at some
200 MB, a few per cent slower at most (``nox -s bench`` measures both).

saxonche has no setting for it, so :func:`create` makes the isolate before the first processor
is made, as SaxonC itself does (``SaxonProcessor::initialize``), but with arguments: GraalVM's
``graal_create_isolate``, whose parameters take arguments parsed like a command line, then
SaxonC's public static members ``SaxonProcessor::sxn_environ`` and ``jvmCreatedCPP`` set, so
that every processor is made in it.  Where anything of that is not found (another platform or
build of saxonche), or the isolate already exists, saxonche makes its own as before.

``TEI_PIPELINE_SAXON_ARGS`` replaces the arguments with heap sizes of one's own (e.g.
``-Xmn128m -Xmx2g``); set empty, it leaves the isolate to saxonche.
"""

from __future__ import annotations

import ctypes
import os
import re
from pathlib import Path
from typing import Any

from .findings import Finding, Location, PipelineError, Severity

__all__ = ["DEFAULT_ARGUMENTS", "ENVIRONMENT", "arguments", "create", "made_with"]

#: The isolate's arguments: a 64 MB young generation.  Measured on that corpus (one process,
#: peak memory): 16 MB collected too often, a fifth slower; 32 MB took 175 MB, 64 MB 210 MB,
#: 128 MB 270 MB, in times the machine's noise could not tell apart.  64 MB keeps away from
#: the cliff.
DEFAULT_ARGUMENTS = ("-Xmn64m",)
#: The environment variable that replaces them.
ENVIRONMENT = "TEI_PIPELINE_SAXON_ARGS"
#: What it may hold: sizes of the young generation, the initial and the maximum heap.  (GraalVM
#: ends the process on an argument it does not take, so no other is passed on.)
HEAP_SIZE = re.compile(r"-Xm[nsx][0-9]+[kmgt]?", re.IGNORECASE)

_API_LIBRARY = "libsaxonc-he"
_CORE_LIBRARY = "libsaxonc-core-he"
_CREATED = "_ZN14SaxonProcessor13jvmCreatedCPPE"  # int SaxonProcessor::jvmCreatedCPP
_ENVIRONMENT = "_ZN14SaxonProcessor11sxn_environE"  # sxnc_environment *SaxonProcessor::sxn_environ


class _Parameters(ctypes.Structure):
    """GraalVM's ``graal_create_isolate_params_t`` up to version 3 (graal_isolate.h)."""

    _fields_ = [("version", ctypes.c_int),
                ("reserved_address_space_size", ctypes.c_size_t),
                ("auxiliary_image_path", ctypes.c_char_p),
                ("auxiliary_image_reserved_space_size", ctypes.c_size_t),
                ("argc", ctypes.c_int),
                ("argv", ctypes.POINTER(ctypes.c_char_p)),
                ("pkey", ctypes.c_int)]


#: What the isolate was made with, kept for the life of the process.
_kept: list[object] = []
_arguments_used: list[str] | None = None


def create() -> bool:
    """Create Saxon's isolate with the :func:`arguments`, unless it exists: before the first
    ``PySaxonProcessor`` of the process (saxonche imported).  Whether it was.

    Raises:
        PipelineError: ``TEI_PIPELINE_SAXON_ARGS`` holds something else than heap sizes.
    """
    global _arguments_used
    given = arguments()
    saxonc = _saxonc() if given else None
    if saxonc is None:
        return False
    created, environment, create_isolate = saxonc
    if created.value or environment.value:
        return False
    address = _new_environment(create_isolate, given)
    if address is None:
        return False
    environment.value = address
    created.value = 1
    _arguments_used = given
    return True


def _saxonc() -> tuple[ctypes.c_int, ctypes.c_void_p, Any] | None:
    """SaxonC's ``jvmCreatedCPP`` and ``sxn_environ``, and GraalVM's
    ``graal_create_isolate``, from the libraries saxonche loaded; ``None`` where they are not
    found (another platform, another build of saxonche)."""
    libraries = _loaded_libraries()
    if libraries is None:
        return None
    try:
        api, core = ctypes.CDLL(str(libraries[0])), ctypes.CDLL(str(libraries[1]))
        create_isolate = core.graal_create_isolate
        create_isolate.argtypes = [ctypes.POINTER(_Parameters), ctypes.c_void_p,
                                   ctypes.c_void_p]
        create_isolate.restype = ctypes.c_int
        return (ctypes.c_int.in_dll(api, _CREATED), ctypes.c_void_p.in_dll(api, _ENVIRONMENT),
                create_isolate)
    except (OSError, ValueError, AttributeError):
        return None


def _new_environment(create_isolate: Any, given: list[str]) -> int | None:
    """A new isolate made with ``given`` arguments, as SaxonC's ``sxnc_environment``
    (SaxonCGlue.h: the isolate, its thread, the main thread; allocated by C and never freed,
    as SaxonC's own is): its address, or ``None`` if GraalVM made none."""
    libc = ctypes.CDLL(None)
    libc.calloc.restype = ctypes.c_void_p
    libc.free.argtypes = [ctypes.c_void_p]
    address = libc.calloc(3, ctypes.sizeof(ctypes.c_void_p))
    if not address:
        return None
    argv = (ctypes.c_char_p * (len(given) + 2))(b"saxonc", *(a.encode() for a in given), None)
    parameters = _Parameters(version=3, argc=len(given) + 1, argv=argv)
    thread = address + ctypes.sizeof(ctypes.c_void_p)
    if create_isolate(ctypes.byref(parameters), address, thread) != 0:
        libc.free(address)
        return None
    slots = (ctypes.c_void_p * 3).from_address(address)
    slots[2] = slots[1]
    _kept.extend([argv, parameters])
    return int(address)


def made_with() -> list[str] | None:
    """The arguments this process made Saxon's isolate with (a forked process: its
    parent's); ``None`` when saxonche made it, or it is not made yet."""
    return _arguments_used


def arguments() -> list[str]:
    """The isolate's arguments: ``TEI_PIPELINE_SAXON_ARGS``'s when it is set, else the
    defaults.

    Raises:
        PipelineError: the variable holds something else than heap sizes (exit code 2).
    """
    given = os.environ.get(ENVIRONMENT)
    if given is None:
        return list(DEFAULT_ARGUMENTS)
    wrong = [word for word in given.split() if not HEAP_SIZE.fullmatch(word)]
    if wrong:
        raise PipelineError([Finding(
            "usage:saxon-args", Severity.ERROR,
            f"{ENVIRONMENT} holds {' '.join(wrong)!r}: it takes heap sizes only, such as "
            f"-Xmn64m (young generation), -Xms256m (initial heap), -Xmx2g (maximum heap)",
            Location(ENVIRONMENT))], exit_code=2)
    return given.split()


def _loaded_libraries() -> tuple[Path, Path] | None:
    """SaxonC's C++ API library and its core (the native image), as this process loaded
    them with saxonche; ``None`` where they cannot be found (/proc/self/maps is Linux's)."""
    try:
        maps = Path("/proc/self/maps").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    fields = (line.split(None, 5) for line in maps.splitlines() if "/libsaxonc-" in line)
    paths = {Path(parts[5]) for parts in fields if len(parts) == 6}
    api = [p for p in paths if p.name.startswith(_API_LIBRARY + "-")]
    core = [p for p in paths if p.name.startswith(_CORE_LIBRARY + "-")]
    return (api[0], core[0]) if len(api) == 1 and len(core) == 1 else None
