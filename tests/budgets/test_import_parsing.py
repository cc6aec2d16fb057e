"""Reading bank statements: CSV in several banks' layouts, OFX, and every kind of bad file."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from budgets.imports.parsing import (
    BankTransaction,
    ColumnMapping,
    ImportProblem,
    KnownEntry,
    check_size,
    decode_text,
    detect_kind,
    find_duplicates,
    load_csv_table,
    parse_amount,
    parse_csv,
    parse_date,
    parse_ofx,
    read_table,
    suggest_mapping,
)

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_bytes(name):
    return (FIXTURES / name).read_bytes()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("£1,234.56", Decimal("1234.56")),
        ("-12.00", Decimal("-12.00")),
        ("\u221212.00", Decimal("-12.00")),
        ("(12.00)", Decimal("-12.00")),
        ("12.00 CR", Decimal("12.00")),
        ("12.00DR", Decimal("-12.00")),
        ("-£25.00", Decimal("-25.00")),
        ("+5", Decimal("5.00")),
        ("GBP 7.5", Decimal("7.50")),
        ("12.00-", Decimal("-12.00")),
    ],
)
def test_amounts_in_the_ways_banks_write_them(text, expected):
    assert parse_amount(text) == expected


@pytest.mark.parametrize("text", ["twelve", "", "1,23.4", "12.345", "--5", "£", "12 000 000"])
def test_unreadable_amounts_are_refused(text):
    with pytest.raises(ValueError):
        parse_amount(text)


@pytest.mark.parametrize(
    ("text", "format_key"),
    [
        ("01/02/2025", "dd/mm/yyyy"),
        ("1/2/25", "dd/mm/yy"),
        ("2025-02-01", "yyyy-mm-dd"),
        ("01-02-2025", "dd-mm-yyyy"),
        ("1 Feb 2025", "d mon yyyy"),
        ("01 FEB 25", "dd mon yy"),
        ("1 February 2025", "d month yyyy"),
        ("01/02/2025 14:02", "dd/mm/yyyy"),
    ],
)
def test_uk_dates_are_day_first(text, format_key):
    assert parse_date(text, format_key) == date(2025, 2, 1)


def test_four_digit_year_is_not_read_as_a_two_digit_format():
    with pytest.raises(ValueError, match="not a date like 31/01/25"):
        parse_date("01/02/2025", "dd/mm/yy")
    with pytest.raises(ValueError, match="not a real date"):
        parse_date("31/02/2025", "dd/mm/yyyy")


def test_barclays_layout_with_one_signed_amount_column():
    table = load_csv_table(fixture_bytes("barclays.csv"))
    mapping = suggest_mapping(table)
    assert (mapping.date, mapping.description, mapping.amount, mapping.date_format) == (
        "Date",
        "Memo",
        "Amount",
        "dd/mm/yyyy",
    )
    result = parse_csv(table, mapping)
    assert result.ok
    assert len(result.transactions) == 6
    first, second = result.transactions[:2]
    assert first == BankTransaction(2, date(2025, 1, 2), "CAMDEN COUNCIL DP PAYMENT", Decimal("1250.00"))
    assert (second.amount, second.description) == (Decimal("-84.00"), "JANE SMITH PA WEEK 1")
    assert sum(t.amount for t in result.transactions) == Decimal("1031.50")


def test_nationwide_layout_with_preamble_paid_in_paid_out_and_windows_1252():
    data = fixture_bytes("nationwide.csv")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    table = load_csv_table(data)
    assert table.encoding == "cp1252"
    assert table.header_row == 5
    mapping = suggest_mapping(table)
    assert (mapping.paid_in, mapping.paid_out, mapping.amount, mapping.balance) == (
        "Paid in",
        "Paid out",
        "",
        "Balance",
    )
    result = parse_csv(table, mapping)
    assert [t.amount for t in result.transactions] == [
        Decimal("1250.00"),
        Decimal("-120.00"),
        Decimal("-16.00"),
        Decimal("-80.00"),
    ]
    assert result.transactions[2].description == "CAFÉ SENSORY PLAY"
    assert result.transactions[2].row == 8
    assert result.transactions[-1].balance == Decimal("1034.00")


def test_prepaid_card_export_keeps_transaction_ids():
    table = load_csv_table(fixture_bytes("prepaid_card.csv"))
    result = parse_csv(table, suggest_mapping(table))
    assert [t.transaction_id for t in result.transactions] == ["PPC-000101", "PPC-000102", "PPC-000103", "PPC-000104"]
    assert result.transactions[1].posted_on == date(2025, 3, 7)
    assert result.transactions[1].amount == Decimal("-150.00")


def test_a_remembered_mapping_is_reused_and_explicit_date_format_wins():
    table = load_csv_table(fixture_bytes("barclays.csv"))
    mapping = ColumnMapping.from_dict(
        {"date": "Date", "description": "Memo", "amount": "Amount", "date_format": "dd/mm/yyyy", "unknown": "x"}
    )
    assert parse_csv(table, mapping).transactions[0].posted_on == date(2025, 1, 2)
    wrong_format = ColumnMapping(date="Date", description="Memo", amount="Amount", date_format="yyyy-mm-dd")
    result = parse_csv(table, wrong_format)
    assert not result.transactions
    assert str(result.errors[0]) == "Row 2, Date (column “Date”): “02/01/2025” is not a date like 2025-01-31"


def test_spending_column_can_be_positive_numbers():
    table = read_table("Date,Shop,Spent\n01/03/2025,Toy shop,12.50\n")
    mapping = ColumnMapping(date="Date", description="Shop", amount="Spent", amounts_are_spending=True)
    assert parse_csv(table, mapping).transactions[0].amount == Decimal("-12.50")


def test_headerless_file_gets_numbered_columns_and_a_guess():
    table = read_table("01/03/2025,Toy shop,-12.50,100.00\n02/03/2025,Bus,-2.00,98.00\n")
    assert table.header_row == 0
    assert table.headers == ["Column 1", "Column 2", "Column 3", "Column 4"]
    mapping = suggest_mapping(table)
    assert (mapping.date, mapping.description, mapping.amount, mapping.balance) == (
        "Column 1",
        "Column 2",
        "Column 3",
        "Column 4",
    )
    assert [t.amount for t in parse_csv(table, mapping).transactions] == [Decimal("-12.50"), Decimal("-2.00")]


def test_semicolon_delimited_file():
    table = read_table("Date;Description;Amount\n01/03/2025;Toy shop;-12.50\n")
    assert table.delimiter == ";"
    assert parse_csv(table, suggest_mapping(table)).transactions[0].description == "Toy shop"


def test_malformed_rows_name_the_row_and_field():
    table = load_csv_table(fixture_bytes("malformed.csv"))
    result = parse_csv(table, suggest_mapping(table))
    assert [t.row for t in result.transactions] == [2]
    assert [(e.row, e.field.split(" ")[0]) for e in result.errors] == [(3, "Date"), (4, "Amount"), (5, "Description")]
    assert "“twelve pounds” is not an amount of money" in str(result.errors[1])


def test_paid_in_and_paid_out_both_empty_is_a_row_error():
    table = read_table("Date,Description,Paid in,Paid out\n01/03/2025,Nothing,,\n02/03/2025,Shop,,4.00\n")
    result = parse_csv(table, suggest_mapping(table))
    assert str(result.errors[0]) == "Row 2, Paid out (column “Paid out”): both paid in and paid out are empty"
    assert result.transactions[0].amount == Decimal("-4.00")


def test_missing_columns_are_refused_with_what_to_choose():
    table = read_table("Date,Description,Amount\n01/03/2025,Toy shop,-12.50\n")
    with pytest.raises(ImportProblem, match="Choose the amount column"):
        parse_csv(table, ColumnMapping(date="Date", description="Description"))
    with pytest.raises(ImportProblem, match="The file has no column called “Value”"):
        parse_csv(table, ColumnMapping(date="Date", description="Description", amount="Value"))


def test_utf8_with_and_without_byte_order_mark():
    plain = "Date,Description,Amount\n01/03/2025,Café,-£3.20\n".encode()
    assert decode_text(plain)[1] == "utf-8"
    text, encoding = decode_text(b"\xef\xbb\xbf" + plain)
    assert encoding == "utf-8-sig" and text.startswith("Date")
    table = load_csv_table(b"\xef\xbb\xbf" + plain)
    assert table.headers[0] == "Date"
    assert parse_csv(table, suggest_mapping(table)).transactions[0].description == "Café"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty"),
        (b"  \r\n ", "The file is empty"),
        (b"PK\x03\x04rest-of-zip", "Excel workbook"),
        (b"%PDF-1.7 ...", "a PDF"),
        (b"Date,Desc\x00ription", "binary data"),
        (b"Date,Description\n\x81\x8d bad", "not valid UTF-8"),
    ],
)
def test_files_we_cannot_read_as_text(data, message):
    with pytest.raises(ImportProblem, match=message):
        decode_text(data)


def test_a_file_with_no_transactions():
    with pytest.raises(ImportProblem, match="could not find any transactions"):
        read_table("hello\nworld\n")
    with pytest.raises(ImportProblem, match="no transactions under it"):
        parse_csv(
            read_table("Date,Description,Amount\n"),
            ColumnMapping(date="Date", description="Description", amount="Amount"),
        )


def test_size_cap_is_checked_before_reading():
    check_size(5 * 1024 * 1024)
    with pytest.raises(ImportProblem, match="The file is 50 MB; the largest statement you can upload is 5 MB"):
        check_size(50 * 1024 * 1024)
    with pytest.raises(ImportProblem, match="empty"):
        check_size(0)


def test_ofx_statement():
    result = parse_ofx(fixture_bytes("statement.ofx"))
    assert result.source_format == "ofx"
    assert [(t.posted_on, t.amount, t.transaction_id) for t in result.transactions] == [
        (date(2025, 4, 1), Decimal("1250.00"), "202504010001"),
        (date(2025, 4, 3), Decimal("-84.00"), "202504030002"),
        (date(2025, 4, 8), Decimal("-32.40"), "202504080003"),
    ]
    assert result.transactions[1].description == "JANE SMITH PA WEEK 14"


@pytest.mark.parametrize("data", [b"OFXHEADER:100\nthis is not ofx", b"Date,Description,Amount\n", b"<html></html>"])
def test_an_ofx_that_is_not_ofx(data):
    with pytest.raises(ImportProblem, match="This is not a valid OFX or QFX file"):
        parse_ofx(data)


def test_kind_is_detected_from_name_or_content():
    assert detect_kind("April.QFX", b"anything") == "ofx"
    assert detect_kind("download", fixture_bytes("statement.ofx")) == "ofx"
    assert detect_kind("statement.csv", fixture_bytes("barclays.csv")) == "csv"


def test_duplicates_by_transaction_id_or_date_amount_and_payee():
    incoming = [
        BankTransaction(2, date(2025, 1, 15), "TFL TRAVEL CH", Decimal("-2.50")),
        BankTransaction(3, date(2025, 1, 15), "TFL  travel ch", Decimal("-2.50")),
        BankTransaction(4, date(2025, 1, 16), "Shop", Decimal("-9.00"), "ID-1"),
        BankTransaction(5, date(2025, 1, 17), "Other", Decimal("-9.00"), "ID-2"),
        BankTransaction(6, date(2025, 1, 17), "Other", Decimal("-9.00"), "ID-2"),
        BankTransaction(7, date(2025, 1, 18), "TFL TRAVEL CH", Decimal("-2.50")),
    ]
    existing = [
        KnownEntry(date(2025, 1, 15), Decimal("-2.50"), "tfl travel ch"),
        KnownEntry(date(2025, 1, 1), Decimal("-1.00"), "Something else", "ID-1"),
    ]
    reasons = find_duplicates(incoming, existing)
    # one existing bus fare explains one of the two identical lines, not both; row 4 shares only an id
    # with an entry of another date and amount, so it is a different payment
    assert set(reasons) == {2, 6}
    assert reasons[6] == "it appears twice in this file (bank transaction id ID-2, same date and amount)"
    assert reasons[2] == "it is already in the budget (same date, amount and payee)"


def test_transactions_survive_a_round_trip_through_the_session():
    transaction = BankTransaction(9, date(2025, 1, 15), "Shop", Decimal("-2.50"), "X", Decimal("10.00"))
    assert BankTransaction.from_dict(transaction.as_dict()) == transaction


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        (["Arranged Overdraft Limit", "20/08/2025", "£100.00"], "overdraft limit"),
        (["01 Aug 2025", "Balance brought forward", "", "", "", "£1,000.00"], "brought forward"),
        (["31/08/2025", "CLOSING BALANCE", "", "1,034.00"], "carried forward"),
        (["02/08/2025", "SPEND BALANCE TRANSFER", "-5.00"], ""),
        (["02/08/2025", "TESCO STORES", "-5.00"], ""),
    ],
)
def test_lines_about_the_account_are_recognised(cells, reason):
    from budgets.imports.parsing import information_reason

    found = information_reason(cells)
    assert (reason in found) if reason else found == ""


@pytest.mark.parametrize(
    ("state", "words"),
    [
        ("PENDING", "pending"),
        ("REVERTED", "reverted"),
        ("DECLINED", "declined"),
        ("FAILED", "failed"),
        ("COMPLETED", ""),
    ],
)
def test_bank_states_that_are_not_money_moved(state, words):
    from budgets.imports.parsing import state_reason

    assert (words in state_reason(state)) if words else state_reason(state) == ""
