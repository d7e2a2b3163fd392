"""Swedish: the language of the project banks' pages and of Tillväxtverket's export."""
