"""Importing a DEM onto the hex grid, against synthetic tiles whose ground is a known function.

The ground is a tilted plane with gentle waves. Bilinear interpolation reproduces a plane
exactly, so the only interpolation error comes from the waves and is bounded by
(h_lat**2 * max|f_lat,lat| + h_lon**2 * max|f_lon,lon|) / 8 for pixels of h x h degrees: under
a centimetre at SRTM's 3 arc-seconds. Tiles of whole metres (SRTM, integer GeoTIFFs) add up to
0.5 m, since an interpolated value is a weighted mean of samples each off by at most 0.5 m, and
the heightmap file's whole metres add another 0.5 m. A nearest-sample lookup, or a half-pixel
slip in the georeference, would be off by metres on this slope and fail every tolerance here.
"""

from __future__ import annotations

import importlib.util
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import numpy as np
import pytest
from builders import REPO

from sim.errors import InputError
from sim.terrain.files import read_class_map, read_heightmap
from sim.terrain.geometry import GeoReference, hex_centre

TOOL = REPO / "tools" / "import_dem.py"
SYMBOLS = {".": 0, "h": 1, "m": 2, "f": 3, "u": 4, "r": 5, "w": 6}
COLS, ROWS = 20, 15
ORIGIN = (39.6, 46.3)
WAVE_M, WAVE_K = 40.0, 2 * np.pi / 0.2  # 40 m waves, 0.2 degrees (about 20 km) long


def _load_tool():
    spec = importlib.util.spec_from_file_location("import_dem", TOOL)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


tool = _load_tool()


def ground(lat, lon):
    """Metres: rising 2500 m per degree northward and 1500 m per degree eastward, plus waves."""
    dlat, dlon = np.asarray(lat) - 39.0, np.asarray(lon) - 46.0
    waves = WAVE_M * np.sin(WAVE_K * dlat) * np.cos(WAVE_K * dlon)
    return 200.0 + 2500.0 * dlat + 1500.0 * dlon + waves


def interpolation_bound(step_deg: float) -> float:
    """Largest bilinear error on :func:`ground` for square pixels of ``step_deg`` degrees."""
    return step_deg**2 / 8 * 2 * WAVE_M * WAVE_K**2


HGT_TOLERANCE = 0.5 + interpolation_bound(1 / 1200)
"""Whole-metre samples plus interpolation: 0.507 m."""


def centres(origin=ORIGIN, cols=COLS, rows=ROWS):
    return tool.hex_centres(GeoReference(*origin, 1.0), cols, rows)


def run_import(paths, origin=ORIGIN, cols=COLS, rows=ROWS, **options):
    """(elevation, hexes filled) of the test grid, 1 km hexes from ``origin``."""
    return tool.import_dem(paths, GeoReference(*origin, 1.0), cols, rows, **options)


# --- Writing synthetic tiles --------------------------------------------------------------------


def write_hgt(directory: Path, lat0: int = 39, lon0: int = 46, side: int = 1201, holes=()):
    """An SRTM tile of :func:`ground`; ``holes`` are (row slice, col slice) set to no data."""
    step = 1.0 / (side - 1)
    lat = lat0 + 1 - np.arange(side) * step
    lon = lon0 + np.arange(side) * step
    data = np.rint(ground(lat[:, None], lon[None, :])).astype(">i2")
    for rows, cols in holes:
        data[rows, cols] = -32768
    path = directory / f"N{lat0:02d}E{lon0:03d}.hgt"
    data.tofile(path)
    return path


# TIFF field types used below: numpy code of one value.
TIFF_CODES = {2: "u1", 3: "u2", 4: "u4", 12: "f8"}


def _ifd(tags: dict, order: str, start: int) -> bytes:
    """An image file directory placed at ``start``, with the values that do not fit after it."""
    entries, extra = [], bytearray()
    extra_start = start + 2 + 12 * len(tags) + 4
    for tag in sorted(tags):
        kind, values = tags[tag]
        if kind == 2:
            raw, count = values.encode() + b"\0", len(values) + 1
        else:
            raw, count = np.asarray(values, order + TIFF_CODES[kind]).tobytes(), len(values)
        if len(raw) <= 4:
            field = raw.ljust(4, b"\0")
        else:
            field = struct.pack(order + "I", extra_start + len(extra))
            extra += raw + b"\0" * (len(raw) % 2)
        entries.append(struct.pack(order + "HHI", tag, kind, count) + field)
    count = struct.pack(order + "H", len(tags))
    return count + b"".join(entries) + struct.pack(order + "I", 0) + bytes(extra)


def _encode(chunk: np.ndarray, dtype: np.dtype, predictor: int, deflate: bool) -> bytes:
    """One strip or tile: predictor, then optionally deflate, as a TIFF encoder does it."""
    if predictor == 2:
        words = chunk.astype(dtype.newbyteorder("=")).view(f"u{dtype.itemsize}")
        diff = words.copy()
        diff[:, 1:] = words[:, 1:] - words[:, :-1]
        raw = diff.astype(dtype.byteorder + f"u{dtype.itemsize}").tobytes()
    elif predictor == 3:
        rows, cols = chunk.shape
        planes = chunk.astype(dtype.newbyteorder(">")).view(np.uint8).reshape(rows, cols, -1)
        planes = planes.transpose(0, 2, 1).reshape(rows, -1)
        diff = planes.copy()
        diff[:, 1:] = planes[:, 1:] - planes[:, :-1]
        raw = diff.tobytes()
    else:
        raw = chunk.astype(dtype).tobytes()
    return zlib.compress(raw) if deflate else raw


def _chunks(data: np.ndarray, tile: tuple[int, int] | None, rows_per_strip: int):
    """Strips of ``rows_per_strip`` rows, or tiles of (rows, cols) padded with zeros."""
    if tile is None:
        return [data[top : top + rows_per_strip] for top in range(0, data.shape[0], rows_per_strip)]
    th, tw = tile
    padded = np.zeros((-(-data.shape[0] // th) * th, -(-data.shape[1] // tw) * tw), data.dtype)
    padded[: data.shape[0], : data.shape[1]] = data
    return [
        padded[top : top + th, left : left + tw]
        for top in range(0, padded.shape[0], th)
        for left in range(0, padded.shape[1], tw)
    ]


def write_geotiff(
    path: Path,
    data: np.ndarray,
    corner: tuple[float, float],
    step: float,
    *,
    order: str = "<",
    deflate: bool = False,
    predictor: int = 1,
    tile: tuple[int, int] | None = None,
    point: bool = False,
    nodata: str | None = None,
    compression: int | None = None,
    model_type: int = 2,
) -> Path:
    """A single-band GeoTIFF of ``data`` (rows from north) whose north-west pixel has its
    north-west corner at ``corner`` (lat, lon): tied at that corner as PixelIsArea, or at the
    pixel's centre as PixelIsPoint."""
    dtype = data.dtype.newbyteorder(order)
    out = bytearray((b"II*\0" if order == "<" else b"MM\0*") + b"\0\0\0\0")
    offsets, counts = [], []
    for chunk in _chunks(data, tile, rows_per_strip=7):
        blob = _encode(chunk, dtype, predictor, deflate)
        offsets.append(len(out))
        counts.append(len(blob))
        out += blob + b"\0" * (len(blob) % 2)
    lat, lon = corner
    if point:
        lat, lon = lat - step / 2, lon + step / 2
    sample_format = {"u": 1, "i": 2, "f": 3}[dtype.kind]
    # GeoKeyDirectory: version 1.1.0 with 3 keys (model type, raster type, WGS 84), 4 values each.
    geo_keys = [1, 1, 0, 3, 1024, 0, 1, model_type, 1025, 0, 1, 2 if point else 1, 2048, 0, 1, 4326]
    tags = {
        256: (4, [data.shape[1]]),
        257: (4, [data.shape[0]]),
        258: (3, [8 * dtype.itemsize]),
        259: (3, [compression or (8 if deflate else 1)]),
        262: (3, [1]),
        277: (3, [1]),
        317: (3, [predictor]),
        339: (3, [sample_format]),
        33550: (12, [step, step, 0.0]),
        33922: (12, [0.0, 0.0, 0.0, lon, lat, 0.0]),
        34735: (3, geo_keys),
    }
    if tile is None:
        tags |= {273: (4, offsets), 278: (4, [7]), 279: (4, counts)}
    else:
        tags |= {322: (3, [tile[1]]), 323: (3, [tile[0]]), 324: (4, offsets), 325: (4, counts)}
    if nodata is not None:
        tags[42113] = (2, nodata)
    out[4:8] = struct.pack(order + "I", len(out))
    out += _ifd(tags, order, len(out))
    path.write_bytes(bytes(out))
    return path


TIFF_CORNER, TIFF_STEP, TIFF_SHAPE = (39.7, 46.2), 1 / 240, (72, 96)
"""A 15 arc-second raster over 39.4..39.7 N, 46.2..46.6 E: it holds the whole test grid."""


def tiff_ground(dtype, corner=TIFF_CORNER, shape=TIFF_SHAPE) -> np.ndarray:
    """:func:`ground` at the centres of a raster's pixels (the test raster's by default)."""
    lat = corner[0] - (np.arange(shape[0]) + 0.5) * TIFF_STEP
    lon = corner[1] + (np.arange(shape[1]) + 0.5) * TIFF_STEP
    values = ground(lat[:, None], lon[None, :])
    return (np.rint(values) if np.dtype(dtype).kind == "i" else values).astype(dtype)


def tiff_tolerance(dtype) -> float:
    """Interpolation, plus 0.5 m for whole-metre samples or float32 rounding (1e-3 m) else."""
    return interpolation_bound(TIFF_STEP) + (0.5 if np.dtype(dtype).kind == "i" else 1e-3)


# --- SRTM ---------------------------------------------------------------------------------------


def test_hgt_tile_gives_every_hex_the_ground_at_its_centre(tmp_path):
    path = write_hgt(tmp_path)
    elevation, filled = run_import([path])
    lat, lon = centres()
    assert elevation.shape == (COLS, ROWS) and filled == 0
    assert np.abs(elevation - ground(lat, lon)).max() <= HGT_TOLERANCE


def test_one_arc_second_tile_is_recognised_by_its_size(tmp_path):
    path = write_hgt(tmp_path, side=3601)
    elevation, _ = run_import([path], cols=6, rows=5)
    lat, lon = centres(cols=6, rows=5)
    assert np.abs(elevation - ground(lat, lon)).max() <= 0.5 + interpolation_bound(1 / 3600)


def test_grid_straddling_two_tiles_takes_each_hex_from_the_tile_under_it(tmp_path):
    west, east = write_hgt(tmp_path, lon0=46), write_hgt(tmp_path, lon0=47)
    origin = (39.6, 46.9)
    lat, lon = centres(origin)
    assert (lon < 47).any() and (lon > 47).any()
    for order in ([west, east], [east, west]):
        elevation, _ = run_import(order, origin)
        assert np.abs(elevation - ground(lat, lon)).max() <= HGT_TOLERANCE
    # Without the eastern tile the hexes beyond 47 E have no elevation.
    with pytest.raises(InputError, match=rf"{(lon > 47).sum()} not covered by any DEM"):
        run_import([west], origin)


def _hole_hexes(lat, lon, rows: slice, cols: slice) -> np.ndarray:
    """Hexes with a hole pixel among the four pixels around their centre (3" tile at 39N 46E)."""
    r, c = (40.0 - lat) * 1200, (lon - 46.0) * 1200
    return (r > rows.start - 1) & (r < rows.stop) & (c > cols.start - 1) & (c < cols.stop)


HOLE = (slice(530, 546), slice(400, 424))
"""16 x 24 pixels (about 0.5 x 0.6 km) of no data: four hexes of the test grid have a hole pixel
next to their centre."""


def _holes() -> np.ndarray:
    lat, lon = centres()
    holes = _hole_hexes(lat, lon, *HOLE)
    assert holes.sum() == 4
    return holes


def test_no_data_holes_are_an_error_naming_how_many_and_where(tmp_path):
    path = write_hgt(tmp_path, holes=[HOLE])
    lat, lon = centres()
    holes = _holes()
    with pytest.raises(InputError) as caught:
        run_import([path])
    message = str(caught.value)
    assert f"{holes.sum()} of {COLS * ROWS} hexes have no elevation" in message
    assert f"{holes.sum()} on no-data samples" in message
    assert f"lat {lat[holes].min():.4f}..{lat[holes].max():.4f}" in message
    assert f"lon {lon[holes].min():.4f}..{lon[holes].max():.4f}" in message
    assert str(path) in message


def test_nodata_fill_gives_holes_the_value_of_the_nearest_hex_with_data(tmp_path):
    path = write_hgt(tmp_path, holes=[HOLE])
    lat, lon = centres()
    holes = _holes()
    elevation, filled = run_import([path], nodata_fill=True)
    assert filled == holes.sum()
    assert np.abs(elevation - ground(lat, lon))[~holes].max() <= HGT_TOLERANCE
    col, row = np.meshgrid(np.arange(COLS), np.arange(ROWS), indexing="ij")
    x, y = hex_centre(col, row)
    for c, r in zip(*np.nonzero(holes), strict=True):
        distance = np.where(holes, np.inf, np.hypot(x - x[c, r], y - y[c, r]))
        nearest = distance <= distance.min() + 1e-9
        assert elevation[c, r] in set(elevation[nearest])


# --- GeoTIFF ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dtype", "options"),
    [
        ("float32", {}),
        ("float32", {"order": ">", "point": True}),
        ("int16", {"deflate": True, "predictor": 2}),
        ("int16", {"order": ">", "deflate": True, "predictor": 2, "tile": (16, 32)}),
        ("int32", {"deflate": True, "tile": (32, 16)}),
        ("float32", {"deflate": True, "predictor": 3, "tile": (16, 16)}),
        ("float64", {"order": ">", "deflate": True, "predictor": 3}),
        ("float32", {"deflate": True, "predictor": 2}),
    ],
    ids=str,
)
def test_geotiff_gives_every_hex_the_ground_at_its_centre(tmp_path, dtype, options):
    path = write_geotiff(
        tmp_path / "dem.tif", tiff_ground(dtype), TIFF_CORNER, TIFF_STEP, **options
    )
    elevation, _ = run_import([path])
    lat, lon = centres()
    assert np.abs(elevation - ground(lat, lon)).max() <= tiff_tolerance(dtype)


def test_hex_in_a_tiles_outer_half_pixel_is_interpolated_from_a_tile_that_encloses_it(tmp_path):
    # Tile B starts a quarter pixel west of hex (10, 7): the hex lies in B's outer half pixel,
    # where B can only extend its edge values, but between the sample centres of tile A.
    lat, lon = centres()
    west = lon[10, 7] - TIFF_STEP / 4
    corner_b, shape_b = (TIFF_CORNER[0], west), (TIFF_SHAPE[0], 40)
    b = write_geotiff(
        tmp_path / "b.tif", tiff_ground("float32", corner_b, shape_b), corner_b, TIFF_STEP
    )
    a = write_geotiff(tmp_path / "a.tif", tiff_ground("float32"), TIFF_CORNER, TIFF_STEP)
    elevation, _ = run_import([b, a])
    assert np.abs(elevation - ground(lat, lon)).max() <= tiff_tolerance("float32")
    # On its own, B extends its edge value to the hex, which is off by metres on this slope.
    alone, _ = tool.sample_tiles([tool.read_dem(b)], lat[10:11, 7], lon[10:11, 7])
    assert abs(alone[0] - ground(lat[10, 7], lon[10, 7])) > 1.0


def test_geotiff_no_data_value_from_its_gdal_nodata_tag(tmp_path):
    data = tiff_ground("float32")
    data[30:34, 40:44] = 1234.0  # a valid height: only the tag says it is no data
    path = write_geotiff(tmp_path / "dem.tif", data, TIFF_CORNER, TIFF_STEP, nodata="1234")
    with pytest.raises(InputError, match=r"hexes have no elevation \(\d+ on no-data samples\)"):
        run_import([path])


def test_geotiff_written_by_libtiff_reads_the_same(tmp_path):
    """An independent encoder (Pillow's libtiff) for the compressed and predicted layouts."""
    image_module = pytest.importorskip("PIL.Image")
    tiff_plugin = pytest.importorskip("PIL.TiffImagePlugin")
    data = tiff_ground("float32")
    lat, lon = centres()
    for compression, predictor in [(None, 1), ("tiff_adobe_deflate", 2), ("tiff_adobe_deflate", 3)]:
        tags = tiff_plugin.ImageFileDirectory_v2()
        geo = {
            317: (3, predictor),
            33550: (12, (TIFF_STEP, TIFF_STEP, 0.0)),
            33922: (12, (0.0, 0.0, 0.0, TIFF_CORNER[1], TIFF_CORNER[0], 0.0)),
        }
        for tag, (kind, value) in geo.items():
            tags[tag], tags.tagtype[tag] = value, kind
        path = tmp_path / f"pil_{predictor}.tif"
        image_module.fromarray(data).save(path, compression=compression, tiffinfo=tags)
        raster = tool.read_dem(path)
        assert np.array_equal(raster.data, data)
        elevation, _ = run_import([path])
        assert np.abs(elevation - ground(lat, lon)).max() <= tiff_tolerance("float32")


# --- Classes ------------------------------------------------------------------------------------


def test_classes_follow_height_and_slope():
    flat = np.ones((6, 4))
    assert (tool.classify(100 * flat, 1.0) == tool.PLAIN).all()
    assert (tool.classify(800 * flat, 1.0) == tool.HILLS).all()
    assert (tool.classify(1600 * flat, 1.0) == tool.MOUNTAINS).all()
    # Ramps rising eastward: the steepest neighbour is the one a whole hex (1 km) east.
    east = np.arange(6, dtype=float)[:, None] * np.ones((1, 4))
    assert tool.steepest_slope_percent(100 * east, 1.0) == pytest.approx(10.0)
    assert (tool.classify(200 + 100 * east, 1.0) == tool.HILLS).all()
    assert (tool.classify(200 + 400 * east, 1.0) == tool.MOUNTAINS).all()
    # A rise of 60 m from hex to hex is 6 % between 1 km hexes and a gentle 1.2 % between 5 km ones.
    assert (tool.classify(200 + 60 * east, 1.0) == tool.HILLS).all()
    assert (tool.classify(200 + 60 * east, 5.0) == tool.PLAIN).all()


def test_damaged_tiffs_give_a_message_and_never_a_crash(tmp_path):
    """Cut short or with bytes overwritten (mostly in the directory at the end), a TIFF either
    still reads or gives an :class:`InputError`: no exception of the reader's own escapes."""
    rng = np.random.default_rng(3)
    path = tmp_path / "damaged.tif"
    originals = [
        write_geotiff(path, tiff_ground("float32"), TIFF_CORNER, TIFF_STEP, **options).read_bytes()
        for options in ({"deflate": True, "predictor": 2, "tile": (16, 16)}, {"order": ">"})
    ]
    failures = 0
    for _ in range(400):
        damaged = np.frombuffer(originals[rng.integers(2)], np.uint8).copy()
        if rng.random() < 0.3:
            damaged = damaged[: rng.integers(8, len(damaged))]
        else:
            at = rng.integers(len(damaged) - 400, len(damaged), size=rng.integers(1, 5))
            damaged[at] = rng.integers(0, 256, size=len(at))
        path.write_bytes(damaged.tobytes())
        try:
            tool.read_dem(path)
        except InputError as exc:
            failures += 1
            assert str(exc).startswith(f"{path}: ")
    assert failures > 200


# --- Command line -------------------------------------------------------------------------------


def _cli(*args, cwd=REPO):
    return subprocess.run(
        [sys.executable, str(TOOL), *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
    )


def _grid_args(out: Path, origin=ORIGIN):
    return ["--origin", *origin, "--hex-km", 1.0, "--size", COLS, ROWS, "--out", out]


def test_cli_writes_heightmap_and_classes_that_the_engine_reads(tmp_path):
    path = write_hgt(tmp_path, holes=[HOLE])
    out = tmp_path / "terrain" / "my_map"
    result = _cli(path, *_grid_args(out), "--classes", "--nodata-fill")
    assert result.returncode == 0, result.stderr
    assert "filled from their nearest neighbour" in result.stdout
    assert sorted(p.name for p in out.iterdir()) == ["elevation.txt", "terrain.txt"]
    heights = read_heightmap(out / "elevation.txt", COLS, ROWS)
    expected, _ = run_import([path], nodata_fill=True)
    assert np.abs(heights - expected).max() <= 0.5
    lat, lon = centres()
    holes = _holes()
    assert np.abs(heights - ground(lat, lon))[~holes].max() <= HGT_TOLERANCE + 0.5
    classes = read_class_map(out / "terrain.txt", COLS, ROWS, SYMBOLS)
    assert np.array_equal(classes, tool.classify(expected, 1.0))
    assert set(np.unique(classes)) <= {0, 1, 2}


def _bad_tiff(tmp_path: Path, **options) -> Path:
    data = tiff_ground("float32")
    return write_geotiff(tmp_path / "bad.tif", data, TIFF_CORNER, TIFF_STEP, **options)


def _truncated_tiff(tmp_path: Path) -> Path:
    path = _bad_tiff(tmp_path)
    path.write_bytes(path.read_bytes()[:3000])
    return path


def _file(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


BAD_INPUTS = {
    "missing file": (lambda d: d / "N39E046.hgt", "DEM file not found"),
    "wrong HGT size": (
        lambda d: _file(d / "N39E046.hgt", b"\0" * 1000),
        "unknown HGT size: 1000 bytes",
    ),
    "HGT name without corner": (
        lambda d: write_hgt(d).rename(d / "tile.hgt"),
        "must be named after its south-west corner",
    ),
    "truncated TIFF": (_truncated_tiff, "unreadable TIFF"),
    "LZW TIFF": (lambda d: _bad_tiff(d, compression=5), "compression 5 is not supported"),
    "projected TIFF": (lambda d: _bad_tiff(d, model_type=1), "projected coordinate system"),
    "not a DEM": (lambda d: _file(d / "notes.txt", b"hello"), "not a GeoTIFF or an SRTM .hgt"),
    "grid off the tile": (lambda d: write_hgt(d, lon0=45), "the DEM has no elevation for any hex"),
}


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_dem_is_one_message_naming_the_file_and_nothing_written(tmp_path, capsys, case):
    make, message = BAD_INPUTS[case]
    path = make(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    assert tool.main([str(path), *map(str, _grid_args(out))]) == 2
    stderr = capsys.readouterr().err
    assert stderr.count("error:") == 1 and message in stderr and str(path) in stderr
    assert list(out.iterdir()) == []


@pytest.mark.parametrize(
    ("option", "values", "message"),
    [
        ("--size", ["0", "15"], "--size: columns and rows must be 1..2000"),
        ("--hex-km", ["-1"], "--hex-km: -1 is not a positive size in km"),
        ("--origin", ["95", "46"], "--origin: 95 46 is not a latitude and longitude"),
    ],
)
def test_bad_grid_arguments_name_the_option(tmp_path, capsys, option, values, message):
    path = write_hgt(tmp_path)
    args = [str(a) for a in _grid_args(tmp_path / "out")]
    at = args.index(option)
    args[at + 1 : at + 1 + len(values)] = values
    assert tool.main([str(path), *args]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_cli_bad_inputs_exit_2_without_traceback_or_output(tmp_path):
    out = tmp_path / "out"
    truncated = _truncated_tiff(tmp_path)
    for args, named in [
        ([tmp_path / "N39E046.hgt", *_grid_args(out)], "N39E046.hgt"),
        ([truncated, *_grid_args(out)], str(truncated)),
        ([truncated, "--origin", "39.6", "--out", out], "--hex-km"),
    ]:
        result = _cli(*args)
        assert result.returncode == 2, result.stderr
        assert named in result.stderr and "Traceback" not in result.stderr
        assert not out.exists()
