"""Bank and prepaid card statement imports, and reconciliation against the bank.

``parsing`` reads files (pure), ``services`` turns them into ledger entries through the ledger's public
bulk function, ``views``/``forms``/``urls`` are the family's pages; ``models`` (app label "budgets").
"""
