"""English: field labels and phrases that Nordic pages borrow (`Lead Partner`)."""
