from tui.filtering import RowFilter

COLUMNS = ("Task", "Status", "Health", "IP", "Task definition")
ROW = ("1600a35a0999", "RUNNING", "HEALTHY", "10.0.1.17", "checkout-api:42")


def test_plain_words_match_anywhere_ignoring_case() -> None:
    assert RowFilter.parse("running").matches(COLUMNS, ROW)
    assert RowFilter.parse("CHECKOUT 10.0.1").matches(COLUMNS, ROW)
    assert not RowFilter.parse("checkout stopped").matches(COLUMNS, ROW)


def test_field_value_matches_only_its_column_by_heading_prefix() -> None:
    assert RowFilter.parse("status:run").matches(COLUMNS, ROW)
    assert RowFilter.parse("st:running").matches(COLUMNS, ROW)
    assert not RowFilter.parse("health:running").matches(COLUMNS, ROW)
    assert RowFilter.parse("taskdefinition:checkout").matches(COLUMNS, ROW)


def test_unknown_field_matches_nothing_and_empty_matches_everything() -> None:
    assert not RowFilter.parse("colour:red").matches(COLUMNS, ROW)
    assert RowFilter.parse("   ").is_empty
    assert RowFilter.parse("").matches(COLUMNS, ROW)


def test_a_lone_colon_term_is_a_plain_word() -> None:
    assert RowFilter.parse("status:").words == ("status:",)
    assert not RowFilter.parse("status:").matches(COLUMNS, ROW)
