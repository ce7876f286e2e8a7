"""Import a real digital elevation model (DEM) onto a scenario's hex grid.

    python tools/import_dem.py N39E046.hgt N39E047.hgt --origin 39.95 46.45 --hex-km 1.0 \\
        --size 60 45 --out assets/terrain/my_map [--classes] [--nodata-fill]

Why: no elevation model ships with the project, so the historical maps are documented schematics
built by ``tools/build_terrain.py``. A user who has a DEM (SRTM tiles, or any GeoTIFF in WGS84
degrees) gets the real ground with this tool instead. ``--origin``, ``--hex-km`` and ``--size``
must be the scenario's ``map.origin``, ``map.hex_size_km`` and ``map.size``.

How:

* **Reading.** SRTM ``.hgt`` tiles are read directly: big-endian 16-bit integers, 1201 x 1201
  (3 arc-second) or 3601 x 3601 (1 arc-second) samples, rows from north to south, the south-west
  corner given by the file name, -32768 for no data. GeoTIFFs are read by the small reader below
  (no GDAL or Pillow needed): one band of 16/32-bit integers or 32/64-bit floats, strips or
  tiles, uncompressed or deflate with predictor 1, 2 or 3, either byte order, north-up and
  georeferenced by ModelTiepointTag and ModelPixelScaleTag in degrees. Reproject anything else
  first (``gdalwarp -t_srs EPSG:4326 -co COMPRESS=DEFLATE in.tif out.tif``). Samples equal to the
  GDAL_NODATA tag, NaN, or outside the heightmap's -500..9000 m count as no data, which also
  catches fill values such as -32768 or -9999 in files without a GDAL_NODATA tag.
* **Sampling.** Each hex takes the bilinear interpolation of the four samples around its centre,
  from the first given tile that covers the centre with data. Centres come from
  ``GeoReference.latlon_of``, the engine's own projection, so the ground lines up with positions
  the scenario gives in lat/lon. A hex's elevation is the ground at its centre, not a mean.
* **Gaps.** Hexes that no tile covers, or whose samples are no data, are an error naming how many
  and where, unless ``--nodata-fill`` gives them the value of the nearest hex that has one.
* **Classes.** ``--classes`` also writes ``terrain.txt`` with plain, hills and mountains from
  elevation and slope alone, as a starting point for hand editing: rivers, lakes, towns, forests
  and foreign territory are added by the scenario author (by hand or with a control file for
  ``tools/build_terrain.py``), and roads go in the scenario's ``map.roads``.
* **Output.** ``DIR/elevation.txt`` (and ``DIR/terrain.txt``) in the formats of
  ``docs/scenario-format.md``. Files are written under temporary names and renamed at the end;
  bad input gives one message per problem on stderr, exit status 2 and nothing written.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import re
import struct
import sys
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.spatial import cKDTree

from sim.errors import InputError
from sim.terrain.files import MAX_ELEVATION_M, MIN_ELEVATION_M, write_class_map, write_heightmap
from sim.terrain.geometry import EVEN_ROW_OFFSETS, ODD_ROW_OFFSETS, GeoReference, hex_centre

SYMBOLS = [".", "h", "m"]
"""Symbols of the standard catalog's plain, hills and mountains, in the order of their indices."""
PLAIN, HILLS, MOUNTAINS = range(len(SYMBOLS))

# Class thresholds: a first cut for the author to edit. Below 600 m lie the Kura-Araxes lowland
# and the Karabakh steppe, open farmland; above 1,500 m is mountain country (the UNEP-WCMC
# mountain definition, Kapos et al. 2000, counts land from 1,500 m with a slope of 2 degrees or
# more as mountains). Slopes are the steepest rise or fall to a neighbouring hex over the distance
# between their centres; the bounds are those of the FAO Guidelines for soil description (2006):
# up to 5 % is "gently sloping", from 30 % "steep".
PLAIN_BELOW_M = 600.0
"""Plain: lower than this and gently sloping."""
MOUNTAINS_FROM_M = 1500.0
"""Mountains: at least this high, or steep."""
GENTLE_SLOPE_PERCENT = 5.0
"""Steepest slope to a neighbour below which a low hex is plain."""
STEEP_SLOPE_PERCENT = 30.0
"""Steepest slope to a neighbour from which a hex is mountains whatever its height."""

MAX_MAP_SIZE = 2000
"""Largest number of columns or rows of a map (docs/scenario-format.md, ``map.size``)."""
HGT_SIDES = {1201: "3 arc-second", 3601: "1 arc-second"}
HGT_NODATA = -32768
HGT_NAME = re.compile(r"^([NS])(\d{1,2})([EW])(\d{1,3})", re.IGNORECASE)
EDGE_TOLERANCE = 1e-9
"""Pixels by which a point may lie outside a raster and still count as on its edge (rounding)."""


@dataclass(frozen=True)
class Raster:
    """A north-up grid of elevations in WGS84 degrees, as read from one DEM file."""

    path: Path
    data: np.ndarray
    """Samples, shape (rows, cols), row 0 the northernmost; any numeric dtype."""
    north: float
    """Latitude of the centres of row 0."""
    west: float
    """Longitude of the centres of column 0."""
    dlat: float
    """Degrees between the centres of neighbouring rows (positive)."""
    dlon: float
    """Degrees between the centres of neighbouring columns (positive)."""
    nodata: float | None = None
    margin: float = 0.0
    """Pixels beyond the outer sample centres that the raster still covers (0.5 for GeoTIFFs
    whose samples are the centres of areas; 0 for SRTM, whose samples are points)."""

    def values(self, row: np.ndarray, col: np.ndarray) -> np.ndarray:
        """Samples at integer indices as floats in metres, NaN where there is no data."""
        value = self.data[row, col].astype(np.float64)
        bad = ~((value >= MIN_ELEVATION_M) & (value <= MAX_ELEVATION_M))
        if self.nodata is not None:
            bad |= value == self.nodata
        value[bad] = np.nan
        return value


# --- SRTM .hgt ----------------------------------------------------------------------------------


def read_hgt(path: Path) -> Raster:
    """An SRTM tile: its corner from the file name, its resolution from the file size."""
    match = HGT_NAME.match(path.name)
    if not match:
        raise InputError.single(
            path, "an SRTM .hgt tile must be named after its south-west corner, like N39E046.hgt"
        )
    lat = int(match[2]) * (1 if match[1].upper() == "N" else -1)
    lon = int(match[4]) * (1 if match[3].upper() == "E" else -1)
    if not (-90 <= lat < 90 and -180 <= lon < 180):
        raise InputError.single(path, f"no SRTM tile has its corner at {lat}, {lon}")
    size = path.stat().st_size
    side = next((n for n in HGT_SIDES if size == 2 * n * n), None)
    if side is None:
        expected = " or ".join(f"{2 * n * n} ({n} x {n}, {s})" for n, s in HGT_SIDES.items())
        raise InputError.single(path, f"unknown HGT size: {size} bytes, expected {expected}")
    data = np.memmap(path, dtype=">i2", mode="r", shape=(side, side))
    step = 1.0 / (side - 1)
    return Raster(path, data, lat + 1.0, float(lon), step, step, nodata=HGT_NODATA)


# --- GeoTIFF ------------------------------------------------------------------------------------

# TIFF field types: numpy code and values per count (rationals are pairs).
_FIELD_TYPES = {
    1: ("u1", 1),
    2: ("u1", 1),
    3: ("u2", 1),
    4: ("u4", 1),
    5: ("u4", 2),
    6: ("i1", 1),
    7: ("u1", 1),
    8: ("i2", 1),
    9: ("i4", 1),
    10: ("i4", 2),
    11: ("f4", 1),
    12: ("f8", 1),
}
_ASCII = 2
# (SampleFormat, BitsPerSample) -> numpy sample type.
_SAMPLE_TYPES = {
    (1, 16): "u2",
    (2, 16): "i2",
    (1, 32): "u4",
    (2, 32): "i4",
    (3, 32): "f4",
    (3, 64): "f8",
}
_DEFLATE = (8, 32946)
_TAG_NAMES = {256: "ImageWidth", 257: "ImageLength", 273: "StripOffsets", 279: "StripByteCounts"}
_TAG_NAMES |= {322: "TileWidth", 323: "TileLength", 324: "TileOffsets", 325: "TileByteCounts"}
GEO_PIXEL_SCALE = 33550
GEO_TIEPOINT = 33922
GEO_TRANSFORMATION = 34264
GEO_KEYS = 34735
GDAL_NODATA = 42113
MODEL_TYPE_KEY, MODEL_GEOGRAPHIC = 1024, 2
RASTER_TYPE_KEY, RASTER_PIXEL_IS_AREA = 1025, 1

Tags = dict[int, np.ndarray | str]


def _tiff_tags(buf: bytes, order: str) -> Tags:
    """The fields of the first image file directory, as arrays (or a string for ASCII)."""
    (directory,) = struct.unpack_from(order + "I", buf, 4)
    (count,) = struct.unpack_from(order + "H", buf, directory)
    tags: Tags = {}
    for entry in range(directory + 2, directory + 2 + 12 * count, 12):
        tag, kind, n, inline = struct.unpack_from(order + "HHI4s", buf, entry)
        if kind not in _FIELD_TYPES:
            continue
        code, per_value = _FIELD_TYPES[kind]
        dtype = np.dtype(order + code)
        size = dtype.itemsize * per_value * n
        start = entry + 8 if size <= 4 else struct.unpack(order + "I", inline)[0]
        raw = buf[start : start + size]
        if len(raw) < size:
            raise ValueError(f"unreadable TIFF: tag {tag} runs past the end of the file")
        if kind == _ASCII:
            tags[tag] = raw.split(b"\0")[0].decode("ascii", "replace")
        else:
            tags[tag] = np.frombuffer(raw, dtype)
    return tags


def _tag(tags: Tags, tag: int, default: int | None = None) -> np.ndarray:
    """A numeric field, or ``[default]`` when absent; a missing required field is an error."""
    if tag in tags:
        return np.asarray(tags[tag])
    if default is None:
        raise ValueError(f"unreadable TIFF: no {_TAG_NAMES.get(tag, 'tag')} ({tag})")
    return np.asarray([default])


def _sample_type(tags: Tags, order: str) -> np.dtype:
    """The numpy type of the single band's samples, in the file's byte order."""
    if int(_tag(tags, 277, 1)[0]) != 1:
        raise ValueError(
            "TIFF has several bands (SamplesPerPixel > 1); expected one elevation band"
        )
    key = (int(_tag(tags, 339, 1)[0]), int(_tag(tags, 258, 1)[0]))
    if key not in _SAMPLE_TYPES:
        raise ValueError(
            f"TIFF sample format {key[0]} with {key[1]} bits is not supported; "
            "expected 16/32-bit integers or 32/64-bit floats"
        )
    return np.dtype(order + _SAMPLE_TYPES[key])


def _undo_predictor(
    raw: bytes, rows: int, cols: int, dtype: np.dtype, predictor: int
) -> np.ndarray:
    """Samples of one strip or tile, shape (rows, cols), from its uncompressed bytes."""
    if predictor == 3:
        # Floating-point predictor: per row, bytes differenced along the row, stored as byte
        # planes from the most significant (Adobe TIFF Technical Note 3).
        planes = np.frombuffer(raw, np.uint8).reshape(rows, dtype.itemsize * cols)
        planes = np.cumsum(planes, axis=1, dtype=np.uint8).reshape(rows, dtype.itemsize, cols)
        return planes.transpose(0, 2, 1).copy().view(dtype.newbyteorder(">"))[..., 0]
    chunk = np.frombuffer(raw, dtype).reshape(rows, cols)
    if predictor == 2:
        # Horizontal differencing: integer sums along each row, wrapping like the encoder.
        unsigned = np.dtype(f"u{dtype.itemsize}")
        words = chunk.view(dtype.byteorder + unsigned.str[1:]).astype(unsigned)
        chunk = np.cumsum(words, axis=1, dtype=unsigned).view(dtype.newbyteorder("="))
    return chunk


def _decode_chunk(raw: bytes, rows: int, cols: int, dtype: np.dtype, tags: Tags) -> np.ndarray:
    """Decompress one strip or tile and undo its predictor."""
    compression, predictor = int(_tag(tags, 259, 1)[0]), int(_tag(tags, 317, 1)[0])
    if compression in _DEFLATE:
        raw = zlib.decompress(raw)
    need = rows * cols * dtype.itemsize
    if len(raw) < need:
        raise ValueError("unreadable TIFF: a strip or tile is shorter than its size (truncated?)")
    return _undo_predictor(raw[:need], rows, cols, dtype, predictor)


def _check_coding(tags: Tags, dtype: np.dtype) -> None:
    """Compression and predictor must be ones the reader knows."""
    compression, predictor = int(_tag(tags, 259, 1)[0]), int(_tag(tags, 317, 1)[0])
    if compression != 1 and compression not in _DEFLATE:
        raise ValueError(
            f"TIFF compression {compression} is not supported (only none and deflate); "
            "convert with gdal_translate -co COMPRESS=DEFLATE"
        )
    if predictor not in (1, 2, 3) or (predictor == 3 and dtype.kind != "f"):
        raise ValueError(f"TIFF predictor {predictor} is not supported for {dtype.name} samples")


def _tiff_image(buf: bytes, order: str, tags: Tags) -> np.ndarray:
    """The single band as an array of shape (rows, cols), assembled from strips or tiles."""
    width, height = int(_tag(tags, 256)[0]), int(_tag(tags, 257)[0])
    dtype = _sample_type(tags, order)
    _check_coding(tags, dtype)
    if 322 in tags:
        chunk_w, chunk_h = int(_tag(tags, 322)[0]), int(_tag(tags, 323)[0])
        offsets, counts = _tag(tags, 324), _tag(tags, 325)
    else:
        chunk_w, chunk_h = width, min(int(_tag(tags, 278, height)[0]), height)
        offsets, counts = _tag(tags, 273), _tag(tags, 279)
    across = -(-width // chunk_w)
    expected = across * -(-height // chunk_h)
    if len(offsets) != expected or len(counts) != expected:
        raise ValueError(f"unreadable TIFF: {len(offsets)} strips or tiles, expected {expected}")
    image = np.empty((height, width), dtype.newbyteorder("="))
    for k, (offset, count) in enumerate(zip(offsets, counts, strict=True)):
        top, left = (k // across) * chunk_h, (k % across) * chunk_w
        rows = chunk_h if 322 in tags else min(chunk_h, height - top)
        chunk = _decode_chunk(
            buf[int(offset) : int(offset) + int(count)], rows, chunk_w, dtype, tags
        )
        image[top : top + rows, left : left + chunk_w] = chunk[: height - top, : width - left]
    return image


def _geo_keys(tags: Tags) -> dict[int, int]:
    """Short-valued keys of the GeoKeyDirectoryTag (the CRS description)."""
    if GEO_KEYS not in tags:
        return {}
    d = [int(v) for v in _tag(tags, GEO_KEYS)]
    if len(d) < 4 or len(d) < 4 + 4 * d[3]:
        raise ValueError("unreadable TIFF: GeoKeyDirectoryTag is shorter than its key count")
    entries = (d[4 + 4 * k : 8 + 4 * k] for k in range(d[3]))
    return {key: value for key, location, _, value in entries if location == 0}


def _georeference(tags: Tags, shape: tuple[int, int]) -> dict[str, float]:
    """``Raster`` fields north, west, dlat, dlon and margin from the GeoTIFF tags."""
    if GEO_PIXEL_SCALE not in tags or GEO_TIEPOINT not in tags:
        if GEO_TRANSFORMATION in tags:
            raise ValueError(
                "GeoTIFF georeferenced by a transformation matrix is not supported; "
                "gdalwarp -t_srs EPSG:4326 writes a tiepoint and pixel scale"
            )
        raise ValueError("TIFF is not georeferenced (no ModelTiepointTag and ModelPixelScaleTag)")
    keys = _geo_keys(tags)
    if keys.get(MODEL_TYPE_KEY, MODEL_GEOGRAPHIC) != MODEL_GEOGRAPHIC:
        raise ValueError(
            "GeoTIFF is in a projected coordinate system, not WGS84 degrees; "
            "reproject with gdalwarp -t_srs EPSG:4326"
        )
    scale, tiepoint = _tag(tags, GEO_PIXEL_SCALE), _tag(tags, GEO_TIEPOINT)
    if len(scale) < 2 or len(tiepoint) < 6:
        raise ValueError("unreadable TIFF: ModelPixelScaleTag or ModelTiepointTag too short")
    sx, sy = (float(v) for v in scale[:2])
    i, j, _, x, y = (float(v) for v in tiepoint[:5])
    if not (sx > 0 and sy > 0):
        raise ValueError(f"GeoTIFF is not north-up (pixel scale {sx:g}, {sy:g})")
    area = keys.get(RASTER_TYPE_KEY, RASTER_PIXEL_IS_AREA) == RASTER_PIXEL_IS_AREA
    margin = 0.5 if area else 0.0
    north, west = y - (margin - j) * sy, x + (margin - i) * sx
    south, east = north - (shape[0] - 1) * sy, west + (shape[1] - 1) * sx
    if not (-90.5 <= south <= north <= 90.5 and -180.5 <= west <= east <= 360.5):
        raise ValueError("GeoTIFF coordinates are not degrees of latitude and longitude")
    return {"north": north, "west": west, "dlat": sy, "dlon": sx, "margin": margin}


def _nodata(tags: Tags) -> float | None:
    """The GDAL_NODATA value, if the file has one."""
    text = tags.get(GDAL_NODATA)
    if not isinstance(text, str) or not text.strip():
        return None
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"GeoTIFF GDAL_NODATA '{text}' is not a number") from None


def read_geotiff(path: Path) -> Raster:
    """A single-band, north-up GeoTIFF in WGS84 degrees (see the module docstring)."""
    buf = path.read_bytes()
    try:
        order = {b"II": "<", b"MM": ">"}[buf[:2]]
        if struct.unpack_from(order + "H", buf, 2)[0] != 42:
            raise ValueError("BigTIFF is not supported; save it as a classic TIFF")
        tags = _tiff_tags(buf, order)
        image = _tiff_image(buf, order, tags)
        if min(image.shape) < 2:
            raise ValueError(f"TIFF is only {image.shape[1]} x {image.shape[0]} pixels")
        return Raster(path, image, nodata=_nodata(tags), **_georeference(tags, image.shape))
    except zlib.error as exc:
        raise InputError.single(path, f"unreadable TIFF: corrupt deflate data ({exc})") from None
    except (struct.error, IndexError, KeyError, ZeroDivisionError, OverflowError, MemoryError):
        raise InputError.single(path, "unreadable TIFF: truncated or corrupt") from None
    except ValueError as exc:
        raise InputError.single(path, str(exc)) from None


def read_dem(path: Path) -> Raster:
    """A DEM file of either format, recognised by its first bytes or its name."""
    try:
        with path.open("rb") as file:
            head = file.read(4)
        if head[:2] in (b"II", b"MM"):
            return read_geotiff(path)
        if path.suffix.lower() == ".hgt":
            return read_hgt(path)
    except FileNotFoundError:
        raise InputError.single(path, "DEM file not found") from None
    except OSError as exc:
        raise InputError.single(path, f"cannot read the DEM file ({exc.strerror})") from None
    hint = "; unzip it first" if path.suffix.lower() == ".zip" else ""
    raise InputError.single(path, f"not a GeoTIFF or an SRTM .hgt tile{hint}")


# --- Sampling -----------------------------------------------------------------------------------


def hex_centres(geo: GeoReference, cols: int, rows: int) -> tuple[np.ndarray, np.ndarray]:
    """(lat, lon) of every hex centre, each of shape (cols, rows)."""
    col, row = np.meshgrid(np.arange(cols), np.arange(rows), indexing="ij")
    return geo.latlon_of(col, row)


def sample(
    raster: Raster, lat: np.ndarray, lon: np.ndarray, margin: float
) -> tuple[np.ndarray, np.ndarray]:
    """(bilinear elevation or NaN, covered) at points within ``margin`` pixels of the samples."""
    rows, cols = raster.data.shape
    r, c = (raster.north - lat) / raster.dlat, (lon - raster.west) / raster.dlon
    reach = min(margin, raster.margin) + EDGE_TOLERANCE
    covered = (r >= -reach) & (r <= rows - 1 + reach) & (c >= -reach) & (c <= cols - 1 + reach)
    r, c = np.clip(r, 0, rows - 1), np.clip(c, 0, cols - 1)
    r0 = np.minimum(np.floor(r).astype(np.int64), rows - 2)
    c0 = np.minimum(np.floor(c).astype(np.int64), cols - 2)
    tr, tc = r - r0, c - c0
    value = np.zeros(r.shape)
    for dr, dc, weight in (
        (0, 0, (1 - tr) * (1 - tc)),
        (0, 1, (1 - tr) * tc),
        (1, 0, tr * (1 - tc)),
        (1, 1, tr * tc),
    ):
        # A sample with no weight does not count, so a point on a valid edge keeps its value.
        value += np.where(weight > 0, weight * raster.values(r0 + dr, c0 + dc), 0.0)
    return np.where(covered, value, np.nan), covered


def sample_tiles(
    rasters: Sequence[Raster], lat: np.ndarray, lon: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(elevation, covered) at points from the first raster with data there.

    Points between the sample centres of a raster come first; only points left over try the
    half-pixel margin of rasters whose samples are areas (the seam between two such tiles).
    """
    elevation = np.full(lat.shape, np.nan)
    covered = np.zeros(lat.shape, dtype=bool)
    for margin in (0.0, 0.5):
        for raster in rasters:
            todo = np.isnan(elevation)
            if not todo.any():
                return elevation, covered
            value, inside = sample(raster, lat[todo], lon[todo], margin)
            elevation[todo] = value
            covered[todo] |= inside
    return elevation, covered


def describe_gaps(
    elevation: np.ndarray, covered: np.ndarray, lat: np.ndarray, lon: np.ndarray
) -> str:
    """How many hexes have no elevation, why, and the lat/lon box around them."""
    gaps = np.isnan(elevation)
    outside, nodata = int((gaps & ~covered).sum()), int((gaps & covered).sum())
    reasons = []
    if outside:
        reasons.append(f"{outside} not covered by any DEM")
    if nodata:
        reasons.append(f"{nodata} on no-data samples")
    return (
        f"{int(gaps.sum())} of {gaps.size} hexes have no elevation ({', '.join(reasons)}), "
        f"within lat {lat[gaps].min():.4f}..{lat[gaps].max():.4f}, "
        f"lon {lon[gaps].min():.4f}..{lon[gaps].max():.4f}; "
        "add DEM tiles covering them or use --nodata-fill"
    )


def fill_gaps(elevation: np.ndarray) -> np.ndarray:
    """NaN hexes take the value of the hex with data whose centre is nearest.

    Distances are between true hex centres (a k-d tree), not between array indices, where odd
    rows would sit half a hex out of place.
    """
    gaps = np.isnan(elevation)
    col, row = np.meshgrid(*(np.arange(n) for n in elevation.shape), indexing="ij")
    centres = np.stack(hex_centre(col, row), axis=-1)
    _, nearest = cKDTree(centres[~gaps]).query(centres[gaps])
    filled = elevation.copy()
    filled[gaps] = elevation[~gaps][nearest]
    return filled


def import_dem(
    paths: Sequence[Path], geo: GeoReference, cols: int, rows: int, *, nodata_fill: bool = False
) -> tuple[np.ndarray, int]:
    """(elevation of shape (cols, rows) in metres, number of hexes filled from neighbours)."""
    rasters = [read_dem(Path(p)) for p in paths]
    lat, lon = hex_centres(geo, cols, rows)
    elevation, covered = sample_tiles(rasters, lat, lon)
    gaps = int(np.isnan(elevation).sum())
    source = " + ".join(str(p) for p in paths)
    if gaps == elevation.size:
        raise InputError.single(source, "the DEM has no elevation for any hex of the map")
    if gaps and not nodata_fill:
        raise InputError.single(source, describe_gaps(elevation, covered, lat, lon))
    return (fill_gaps(elevation) if gaps else elevation), gaps


# --- Classes ------------------------------------------------------------------------------------


def steepest_slope_percent(elevation: np.ndarray, hex_km: float) -> np.ndarray:
    """Per hex, the steepest rise or fall to a neighbour over the distance between centres, in %."""
    cols, rows = elevation.shape
    col, row = np.meshgrid(np.arange(cols), np.arange(rows), indexing="ij")
    odd = row % 2 == 1
    steepest = np.zeros(elevation.shape)
    for even_step, odd_step in zip(EVEN_ROW_OFFSETS, ODD_ROW_OFFSETS, strict=True):
        nc = col + np.where(odd, odd_step[0], even_step[0])
        nr = row + np.where(odd, odd_step[1], even_step[1])
        on_map = (nc >= 0) & (nc < cols) & (nr >= 0) & (nr < rows)
        rise = np.abs(elevation[np.clip(nc, 0, cols - 1), np.clip(nr, 0, rows - 1)] - elevation)
        steepest = np.maximum(steepest, np.where(on_map, rise, 0.0))
    return 100.0 * steepest / (hex_km * 1000.0)


def classify(elevation: np.ndarray, hex_km: float) -> np.ndarray:
    """Class indices into :data:`SYMBOLS` (plain, hills, mountains) from elevation and slope."""
    slope = steepest_slope_percent(elevation, hex_km)
    classes = np.full(elevation.shape, HILLS, dtype=np.int16)
    classes[(elevation < PLAIN_BELOW_M) & (slope < GENTLE_SLOPE_PERCENT)] = PLAIN
    classes[(elevation >= MOUNTAINS_FROM_M) | (slope >= STEEP_SLOPE_PERCENT)] = MOUNTAINS
    return classes


# --- Output and command line --------------------------------------------------------------------


def write_outputs(out: Path, elevation: np.ndarray, classes: np.ndarray | None) -> list[Path]:
    """Write the files under temporary names in ``out``, then rename them all; their paths."""
    writers = {"elevation.txt": lambda path: write_heightmap(path, elevation)}
    if classes is not None:
        writers["terrain.txt"] = lambda path: write_class_map(path, classes, SYMBOLS)
    if out.exists() and not out.is_dir():
        raise InputError.single(out, "is a file; --out must be a directory")
    created = not out.exists()
    temporary: dict[str, Path] = {}
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, write in writers.items():
            temporary[name] = out / f".{name}.{os.getpid()}.tmp"
            write(temporary[name])
        for name, path in temporary.items():
            path.replace(out / name)
    except OSError as exc:
        for path in temporary.values():
            path.unlink(missing_ok=True)
        if created:
            with contextlib.suppress(OSError):
                out.rmdir()
        raise InputError.single(out, f"cannot write the output ({exc.strerror})") from None
    return [out / name for name in writers]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "dem", type=Path, nargs="+", metavar="DEM", help="SRTM .hgt tiles or GeoTIFFs"
    )
    parser.add_argument(
        "--origin",
        type=float,
        nargs=2,
        required=True,
        metavar=("LAT", "LON"),
        help="centre of hex [0, 0] (the map's north-west corner), decimal degrees",
    )
    parser.add_argument("--hex-km", type=float, required=True, help="the map's hex_size_km")
    parser.add_argument(
        "--size", type=int, nargs=2, required=True, metavar=("COLS", "ROWS"), help="map.size"
    )
    parser.add_argument("--out", type=Path, required=True, help="directory for the files")
    parser.add_argument("--classes", action="store_true", help="also write terrain.txt")
    parser.add_argument(
        "--nodata-fill", action="store_true", help="fill gaps from the nearest hex with data"
    )
    return parser.parse_args(argv)


def check_args(args: argparse.Namespace) -> None:
    """Argument values argparse cannot check by type; :class:`InputError` naming the option."""
    lat, lon = args.origin
    if not (-90 < lat < 90 and -180 <= lon <= 180):
        raise InputError.single("--origin", f"{lat:g} {lon:g} is not a latitude and longitude")
    if not (math.isfinite(args.hex_km) and args.hex_km > 0):
        raise InputError.single("--hex-km", f"{args.hex_km:g} is not a positive size in km")
    if not all(1 <= n <= MAX_MAP_SIZE for n in args.size):
        raise InputError.single("--size", f"columns and rows must be 1..{MAX_MAP_SIZE}")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        check_args(args)
        geo = GeoReference(args.origin[0], args.origin[1], args.hex_km)
        elevation, filled = import_dem(args.dem, geo, *args.size, nodata_fill=args.nodata_fill)
        classes = classify(elevation, args.hex_km) if args.classes else None
        written = write_outputs(args.out, elevation, classes)
    except InputError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 2
    print(
        f"wrote {' and '.join(map(str, written))}: {args.size[0]} x {args.size[1]} hexes, "
        f"elevation {elevation.min():.0f}..{elevation.max():.0f} m"
        + (f", {filled} hexes filled from their nearest neighbour" if filled else "")
    )
    if classes is not None:
        counts = ", ".join(f"'{s}' {int((classes == i).sum())}" for i, s in enumerate(SYMBOLS))
        print(f"classes: {counts}; add rivers, lakes, towns and forests by hand")
    return 0


if __name__ == "__main__":
    sys.exit(main())
