"""The readers refuse what the fuzzing of issue 19 found accepted: misaligned binary
records, merged GloVe lines, lenient numbers, control characters, a file cut inside its
last value, lying sizes, and corrupt fastText headers."""
from __future__ import annotations

import gzip
import struct

import numpy as np
import pytest

import wordvec
from wordvec.errors import FormatError


@pytest.fixture
def emb():
    rng = np.random.default_rng(3)
    return wordvec.Embedding(["cat", "dog", "sun", "moon"], rng.standard_normal((4, 3)).astype(np.float32))


def _records(path, d):
    """Offsets of each record's word in a word2vec binary file."""
    data = path.read_bytes()
    pos, starts = data.index(b"\n") + 1, []
    while pos < len(data):
        starts.append(pos)
        pos = data.index(b" ", pos) + 1 + 4 * d + 1
    return data, starts


def test_binary_vector_one_float_short_is_refused_at_the_next_record(emb, tmp_path):
    path = tmp_path / "v.bin"
    emb.save(path)  # the C tool's layout: a newline after every vector
    data, starts = _records(path, 3)
    end = starts[2] - 1  # the newline after the second vector
    path.write_bytes(data[: end - 4] + data[end:])
    with pytest.raises(FormatError, match="does not start where the vector of record 2 ends") as exc:
        wordvec.load(path, "word2vec_binary")
    assert exc.value.line == 3


def test_binary_without_newlines_reads_and_its_framing_is_enforced(emb, tmp_path):
    path = tmp_path / "v.bin"
    records = [w.encode() + b" " + v.astype("<f4").tobytes() for w, v in zip(emb.words, emb.vectors)]
    path.write_bytes(b"4 3\n" + b"".join(records))  # gensim's layout: no separator
    assert list(wordvec.load(path).words) == list(emb.words)
    path.write_bytes(b"4 3\n" + b"".join(records[:2]) + b"\n" + b"".join(records[2:]))  # one stray newline
    with pytest.raises(FormatError, match="1 bytes apart instead of 0"):
        wordvec.load(path)


def test_binary_inserted_byte_never_yields_a_word_with_a_newline(emb, tmp_path):
    path = tmp_path / "v.bin"
    emb.save(path)
    data, starts = _records(path, 3)
    path.write_bytes(data[: starts[1] - 1] + b"@" + data[starts[1] - 1:])
    with pytest.raises(FormatError):
        wordvec.load(path)


def test_glove_merged_lines_are_not_a_word_with_spaces(tmp_path):
    path = tmp_path / "g.txt"
    path.write_bytes(b"cat 0.1 0.2 0.3\ndog 0.4 0.5 0.6sun 0.7 0.8 0.9\nmoon 1 2 3\n")
    with pytest.raises(FormatError, match="expected 3 values") as exc:
        wordvec.load(path, "glove")
    assert exc.value.line == 2
    # A real word with spaces (as in GloVe 840B) still reads.
    path.write_bytes(b"cat 0.1 0.2 0.3\nat name@domain.com 0.4 0.5 0.6\n")
    assert list(wordvec.load(path, "glove").words) == ["cat", "at name@domain.com"]


@pytest.mark.parametrize("token", ["1_0", "١٢", "１２", "0x1"])
def test_lenient_numbers_are_refused(tmp_path, token):
    path = tmp_path / "v.txt"
    path.write_text(f"2 2\ncat 0.5 0.25\ndog {token} 1\n", encoding="utf-8")
    with pytest.raises(FormatError, match="cannot read") as exc:
        wordvec.load(path)
    assert exc.value.line == 3


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x1b", "\x7f", "\x0b"])
def test_control_characters_are_refused(tmp_path, char):
    path = tmp_path / "v.txt"
    path.write_text(f"2 2\ncat 0.5 0.25\nd{char}og 1 1\n", encoding="utf-8")
    with pytest.raises(FormatError) as exc:
        wordvec.load(path)
    assert exc.value.line == 3


@pytest.mark.parametrize("fmt,header", [("word2vec", "2 2\n"), ("glove", "")])
def test_a_file_cut_inside_its_last_value_is_refused(tmp_path, fmt, header):
    path = tmp_path / "v.txt"
    path.write_text(f"{header}cat 0.5 0.25\ndog 1 0.12", encoding="utf-8")
    with pytest.raises(FormatError, match="without a final newline"):
        wordvec.load(path, fmt)
    path.write_text(f"{header}cat 0.5 0.25\ndog 1 0.12\n", encoding="utf-8")
    assert len(wordvec.load(path, fmt)) == 2


def test_lying_sizes_allocate_nothing(tmp_path):
    path = tmp_path / "v.bin"
    path.write_bytes(b"1000000000000 4000000\n" + b"cat " + b"\0" * 16)
    with pytest.raises(FormatError, match="dimension 4,000,000"):
        wordvec.load(path, "word2vec_binary")
    path.write_bytes(b"1000000000000 300\n" + b"cat " + b"\0" * 16)
    with pytest.raises(FormatError, match="too few for even one"):
        wordvec.load(path, "word2vec_binary")
    text = tmp_path / "v.txt"
    text.write_bytes(b"5 3\n" + b"0.1 " * 3_000_000 + b"\n")  # one 12 MB "line", past a parsing chunk
    with pytest.raises(FormatError, match="longer than any row"):
        wordvec.load(text)


def test_a_stream_of_blanks_is_an_empty_file_at_constant_memory(tmp_path):
    import tracemalloc

    path = tmp_path / "blank.txt.gz"
    path.write_bytes(gzip.compress(b" \n" * (20 << 20)))
    tracemalloc.start()
    with pytest.raises(FormatError, match="empty file"):
        wordvec.load(path, "glove", limit=5)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 8 << 20, peak


def test_corrupt_gzip_is_a_format_error(emb, tmp_path):
    path = tmp_path / "v.txt.gz"
    emb.save(path)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(FormatError, match="cannot decompress|CRC|line"):
        wordvec.load(path)


def test_fasttext_header_and_entries_are_checked(emb, tmp_path):
    path = tmp_path / "m.bin"
    wordvec.save(emb, path, format="fasttext_bin")
    data = path.read_bytes()
    minn = data[:44] + struct.pack("<i", -3) + data[48:]  # the argument minn (9th int after the magic and version)
    path.write_bytes(minn)
    with pytest.raises(FormatError, match="minn -3"):
        wordvec.load(path, "fasttext_bin")
    first_word_end = data.index(b"\0", 92)
    bad_type = data[: first_word_end + 9] + b"s" + data[first_word_end + 10:]
    path.write_bytes(bad_type)
    with pytest.raises(FormatError, match="entry type"):
        wordvec.load(path, "fasttext_bin")
