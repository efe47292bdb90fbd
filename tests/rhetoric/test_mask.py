"""Masking: names, places, dates and numbers become placeholders; wording stays."""

from __future__ import annotations

from rhetoric_helpers import rename

from gkmine.rhetoric.mask import (
    AGENCY,
    DATE,
    NUMBER,
    PLACE,
    YEAR,
    MaskNames,
    mask,
    masked_text,
)


def test_placeholders_of_each_kind():
    pieces = mask("2023年1月5日，中卫市2023年收到申请32件、三十二件，占12.5%。")
    assert pieces[0] == DATE and PLACE in pieces and YEAR in pieces
    assert pieces.count(NUMBER) == 3


def test_words_with_numerals_stay_words():
    text = "落实六稳六保，执行三审三校，一是加强培训，第二十条第（一）项。"
    assert masked_text(text) == text


def test_own_name_in_every_form_and_across_line_breaks():
    names = MaskNames.of(agency="中卫市沙坡头区医保局")
    text = "沙坡头区医疗\n\n保障局现发布报告，关注“沙坡头区医保局”微信公众号。"
    assert masked_text(text, names) == "〈机构〉现发布报告，关注“〈机构〉”微信公众号。"


def test_other_agencies_and_townships_are_masked():
    text = "经利辛县望疃镇人民政府、中卫市卫生健康委员会、杭州市西湖区人民政府办公室研究"
    assert masked_text(text) == "经〈机构〉、〈机构〉、〈机构〉研究"
    assert masked_text("全市城乡居民和各乡镇") == "全市城乡居民和各乡镇"


def test_copy_under_another_name_masks_alike(seeds_dir):
    from gkmine.pipeline import parse_document

    for path in sorted(seeds_dir.glob("*.txt")):
        report = parse_document(path)
        meta = report.meta
        names = MaskNames.of(agency=meta.agency, places=(meta.province, meta.city, meta.county))
        copy = rename(report.text, names, "黄浦区外滩街道办事处")
        copy_names = MaskNames.of(agency="黄浦区外滩街道办事处",
                                  places=(meta.province, meta.city, meta.county))
        assert AGENCY in mask(report.text, names)
        assert masked_text(copy, copy_names) == masked_text(report.text, names), path.name


def test_masking_is_deterministic_and_drops_whitespace():
    text = "本机关 2024 年\n主动公开 385 条"
    assert mask(text) == mask(text) == [
        "本机关", YEAR, "主动公开", NUMBER, "条"]


def test_mask_each_is_mask_of_each_text(seed_paths):
    """One pass over joined sentences gives every sentence's own pieces: at the joins a place
    is not extended by the next sentence's organ or township, a figure does not take the
    next sentence's unit, adjacent placeholders are not merged, empty texts stay empty."""
    from gkmine.nlp.segmenter import split_sentences
    from gkmine.pipeline import parse_bytes
    from gkmine.rhetoric.mask import mask_each

    names = MaskNames.of(agency="中卫市沙坡头区医疗保障局", places=("宁夏回族自治区", "中卫市"))
    probes = ["经中卫市", "卫生健康委员会研究", "收到申请三十二", "件，办结", "", "利辛县",
              "望疃镇", "人民政府", "联系人：", "张三同志", "2024年1月", "5日",
              "沙坡头区医疗保障局"]
    assert mask_each(probes, names) == [mask(t, names) for t in probes]
    assert mask_each(["甲\x00乙", "丙"], names) == [mask("甲\x00乙", names), mask("丙", names)]
    for path in seed_paths:
        report = parse_bytes(path.read_bytes(), source=str(path))
        own = MaskNames.of_meta(report.meta)
        for section in report.sections:
            sentences = [section.text[s:e] for s, e in split_sentences(section.text)]
            assert mask_each(sentences, own) == [mask(t, own) for t in sentences]


def test_mask_each_on_real_report_openings(dev_pages):
    from gkmine.nlp.segmenter import split_sentences
    from gkmine.pipeline import parse_bytes
    from gkmine.rhetoric.mask import mask_each

    for page in dev_pages:
        report = parse_bytes(page["path"].read_bytes(), source=str(page["path"]))
        own = MaskNames.of_meta(report.meta)
        for section in report.sections:
            sentences = [section.text[s:e] for s, e in split_sentences(section.text)]
            assert mask_each(sentences, own) == [mask(t, own) for t in sentences], page["file"]
