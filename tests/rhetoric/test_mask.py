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
