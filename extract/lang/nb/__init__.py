"""Norwegian (bokmål): Interreg pages and descriptions written by Norwegian partners."""
