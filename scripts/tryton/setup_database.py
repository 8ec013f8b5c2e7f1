#!/usr/bin/python3
"""Create a Tryton 6.0 SQLite database with the demo data crossdock's ERP connector is tested against.

Run with Debian's interpreter (trytond is installed for /usr/bin/python3):

    /usr/bin/python3 scripts/tryton/setup_database.py --directory DIR --database NAME --password-file FILE

It writes DIR/trytond.conf (SQLite databases in DIR), creates DIR/NAME.sqlite with the modules `sale`, `stock`,
`account_invoice` and their dependencies activated (trytond-admin), then seeds it in-process with proteus:
company (USD), fiscal year with invoice sequences, a chart of accounts, a payment term, products with stock in the
storage location, a customer with an address, and confirmed sales (invoice method "shipment", so invoices follow
what is actually shipped). The admin user's password is read from FILE. The numbers of the sales created are
printed as JSON on the last line of standard output.
"""

import argparse
import datetime
import json
import os
import subprocess
import sys
import time
from decimal import Decimal

# Products: code (the SKU the WMS knows), name, list price, quantity put in stock.
PRODUCTS = [
    ("WIDGET-1", "Widget", Decimal("12.50"), 500),
    ("GADGET-2", "Gadget", Decimal("40.00"), 500),
    ("SPROCKET-3", "Sprocket", Decimal("3.20"), 500),
]

# Confirmed sales: customer reference and (product code, quantity) lines.
SALES = [
    ("PO-1001", [("WIDGET-1", 10), ("GADGET-2", 4)]),
    ("PO-1002", [("SPROCKET-3", 20)]),
    ("PO-1003", [("WIDGET-1", 6), ("SPROCKET-3", 8)]),
]


def write_configuration(directory):
    path = os.path.join(directory, "trytond.conf")
    with open(path, "w") as conf:
        conf.write("[database]\nuri = sqlite://\npath = %s\n\n[session]\ntimeout = 86400\n" % directory)
    return path


def initialise(directory, database, password_file, configuration):
    open(os.path.join(directory, database + ".sqlite"), "a").close()
    environment = dict(os.environ, TRYTONPASSFILE=password_file)
    command = [
        "/usr/bin/trytond-admin", "-c", configuration, "-d", database, "--all", "-u", "sale",
        "--activate-dependencies", "--email", "admin@crossdock.invalid",
    ]
    completed = subprocess.run(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if completed.returncode != 0:
        sys.stderr.write(completed.stdout.decode("utf-8", "replace"))
        raise SystemExit("trytond-admin failed with status %d" % completed.returncode)


def seed(database, configuration):
    from proteus import Model, Wizard, config as proteus_config

    config = proteus_config.set_trytond(database=database, config_file=configuration)
    today = datetime.date.today()

    Currency = Model.get("currency.currency")
    CurrencyRate = Model.get("currency.currency.rate")
    usd = Currency(name="U.S. Dollar", symbol="$", code="USD", rounding=Decimal("0.01"))
    usd.save()
    CurrencyRate(date=datetime.date(2000, 1, 1), rate=Decimal("1"), currency=usd).save()

    Country = Model.get("country.country")
    Subdivision = Model.get("country.subdivision")
    us = Country(name="United States", code="US")
    us.save()
    texas = Subdivision(name="Texas", code="US-TX", type="state", country=us)
    texas.save()

    Party = Model.get("party.party")
    company_party = Party(name="Crossdock Demo Supply Co")
    company_party.save()
    company_config = Wizard("company.company.config")
    company_config.execute("company")
    company_config.form.party = company_party
    company_config.form.currency = usd
    company_config.execute("add")
    User = Model.get("res.user")
    config._context = User.get_preferences(True, {})
    Company = Model.get("company.company")
    company, = Company.find()

    # Fiscal year with move and invoice sequences, and its periods.
    FiscalYear = Model.get("account.fiscalyear")
    Sequence = Model.get("ir.sequence")
    SequenceStrict = Model.get("ir.sequence.strict")
    SequenceType = Model.get("ir.sequence.type")
    fiscalyear = FiscalYear(name=str(today.year))
    fiscalyear.start_date = datetime.date(today.year, 1, 1)
    fiscalyear.end_date = datetime.date(today.year, 12, 31)
    fiscalyear.company = company
    move_type, = SequenceType.find([("name", "=", "Account Move")], limit=1)
    move_sequence = Sequence(name=str(today.year), sequence_type=move_type, company=company)
    move_sequence.save()
    fiscalyear.post_move_sequence = move_sequence
    invoice_type, = SequenceType.find([("name", "=", "Invoice")], limit=1)
    invoice_sequence = SequenceStrict(name=str(today.year), sequence_type=invoice_type, company=company)
    invoice_sequence.save()
    invoice_sequences, = fiscalyear.invoice_sequences
    invoice_sequences.out_invoice_sequence = invoice_sequence
    invoice_sequences.in_invoice_sequence = invoice_sequence
    invoice_sequences.out_credit_note_sequence = invoice_sequence
    invoice_sequences.in_credit_note_sequence = invoice_sequence
    fiscalyear.save()
    fiscalyear.click("create_period")

    # Chart of accounts from the English template.
    AccountTemplate = Model.get("account.account.template")
    ModelData = Model.get("ir.model.data")
    Account = Model.get("account.account")
    data, = ModelData.find([("module", "=", "account"), ("fs_id", "=", "account_template_root_en")], limit=1)
    create_chart = Wizard("account.create_chart")
    create_chart.execute("account")
    create_chart.form.account_template = AccountTemplate(data.db_id)
    create_chart.form.company = company
    create_chart.execute("create_account")

    def account(kind):
        found, = Account.find([("type.%s" % kind, "=", True), ("company", "=", company.id)], limit=1)
        return found

    receivable, payable = account("receivable"), account("payable")
    if receivable.party_required:
        create_chart.form.account_receivable = receivable
    if payable.party_required:
        create_chart.form.account_payable = payable
    create_chart.execute("create_properties")

    PaymentTerm = Model.get("account.invoice.payment_term")
    payment_term = PaymentTerm(name="Net 30")
    line = payment_term.lines.new(type="remainder")
    line.relativedeltas.new(days=30)
    payment_term.save()

    ProductCategory = Model.get("product.category")
    category = ProductCategory(name="Goods")
    category.accounting = True
    category.account_revenue = account("revenue")
    category.account_expense = account("expense")
    category.save()

    Uom = Model.get("product.uom")
    unit, = Uom.find([("name", "=", "Unit")])
    Template = Model.get("product.template")
    products = {}
    for code, name, price, _ in PRODUCTS:
        template = Template(name=name)
        template.code = code
        template.default_uom = unit
        template.type = "goods"
        template.salable = True
        template.list_price = price
        template.account_category = category
        template.save()
        product, = template.products
        products[code] = product

    Location = Model.get("stock.location")
    Inventory = Model.get("stock.inventory")
    storage, = Location.find([("code", "=", "STO")])
    inventory = Inventory(location=storage)
    for code, _, _, quantity in PRODUCTS:
        inventory_line = inventory.lines.new(product=products[code])
        inventory_line.quantity = float(quantity)
        inventory_line.expected_quantity = 0.0
    inventory.click("confirm")

    customer = Party(name="Northwind Retail")
    customer.save()
    address, = customer.addresses
    address.street = "1200 Commerce St"
    address.city = "Dallas"
    address.postal_code = "75202"
    address.country = us
    address.subdivision = texas
    address.save()

    Sale = Model.get("sale.sale")
    SaleLine = Model.get("sale.line")
    numbers = []
    for reference, lines in SALES:
        sale = Sale()
        sale.party = customer
        sale.reference = reference
        sale.payment_term = payment_term
        sale.invoice_method = "shipment"
        for code, quantity in lines:
            sale_line = SaleLine()
            sale.lines.append(sale_line)
            sale_line.product = products[code]
            sale_line.quantity = float(quantity)
        sale.click("quote")
        sale.click("confirm")
        if sale.state != "processing":
            raise SystemExit("sale %s ended in state %s, not processing" % (reference, sale.state))
        numbers.append(sale.number)

    # A quotation that is not confirmed: never released.
    quotation = Sale(party=customer, reference="PO-DRAFT", payment_term=payment_term)
    quotation_line = SaleLine()
    quotation.lines.append(quotation_line)
    quotation_line.product = products["WIDGET-1"]
    quotation_line.quantity = 1.0
    quotation.save()
    return numbers


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--directory", required=True, help="where the configuration and the SQLite file go")
    parser.add_argument("--database", required=True, help="the database name (the file is NAME.sqlite)")
    parser.add_argument("--password-file", required=True, help="a file holding the admin user's password")
    arguments = parser.parse_args()
    directory = os.path.abspath(arguments.directory)
    os.makedirs(directory, exist_ok=True)
    configuration = write_configuration(directory)
    started = time.monotonic()
    initialise(directory, arguments.database, os.path.abspath(arguments.password_file), configuration)
    initialised = time.monotonic()
    numbers = seed(arguments.database, configuration)
    seeded = time.monotonic()
    sys.stderr.write("trytond-admin %.1f s, seed %.1f s\n" % (initialised - started, seeded - initialised))
    print(json.dumps({
        "database": arguments.database, "sales": numbers,
        "seconds": {"initialise": round(initialised - started, 1), "seed": round(seeded - initialised, 1)},
    }))


if __name__ == "__main__":
    main()
