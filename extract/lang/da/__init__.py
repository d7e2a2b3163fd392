"""Danish: Interreg pages and descriptions written by Danish partners."""
