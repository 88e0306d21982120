"""Crafting broken and hostile zips byte by byte: what attackers and broken tools produce."""

import struct
import warnings
import zipfile

LOCAL = b"PK\x03\x04"
CENTRAL = b"PK\x01\x02"


def _central_records(data: bytes):
    """Offsets of every central directory record with its name."""
    position = data.find(CENTRAL)
    while position != -1:
        name_length, extra_length, comment_length = struct.unpack_from("<3H", data, position + 28)
        name = data[position + 46:position + 46 + name_length]
        yield position, name
        position = data.find(CENTRAL, position + 46 + name_length + extra_length
                             + comment_length)


def _local_offset(data: bytes, central: int) -> int:
    return struct.unpack_from("<L", data, central + 42)[0]


def patch(data: bytes, name: bytes, *, crc: int | None = None, size: int | None = None,
          method: int | None = None, flags: int | None = None, local_only: bool = False,
          central_only: bool = False, local_name: bytes | None = None,
          new_name: bytes | None = None) -> bytes:
    """Change fields of one entry in its central record and/or local header."""
    out = bytearray(data)
    for central, entry in _central_records(data):
        if entry != name:
            continue
        local = _local_offset(data, central)
        # (field, offset in local header, offset in central record, format)
        fields = [("flags", 6, 8, "<H"), ("method", 8, 10, "<H"), ("crc", 14, 16, "<L"),
                  ("size", 22, 24, "<L")]
        values = {"flags": flags, "method": method, "crc": crc, "size": size}
        for field, in_local, in_central, fmt in fields:
            if values[field] is None:
                continue
            if not central_only:
                struct.pack_into(fmt, out, local + in_local, values[field])
            if not local_only:
                struct.pack_into(fmt, out, central + in_central, values[field])
        if local_name is not None:
            assert len(local_name) == len(name)
            out[local + 30:local + 30 + len(name)] = local_name
        if new_name is not None:
            assert len(new_name) == len(name)
            out[local + 30:local + 30 + len(name)] = new_name
            out[central + 46:central + 46 + len(name)] = new_name
        return bytes(out)
    raise KeyError(name)


def with_duplicate(members: list[tuple[str, bytes]]) -> bytes:
    """A zip that may hold the same name twice (zipfile warns; attackers do not care)."""
    import io

    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in members:
                archive.writestr(name, content)
    return buffer.getvalue()
