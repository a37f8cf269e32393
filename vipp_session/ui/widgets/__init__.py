"""Parts of pages: cards, forms, lists and the page frame."""
