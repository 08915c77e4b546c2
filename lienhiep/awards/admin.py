"""Honours and ratings are kept through the app's pages; nothing of awards needs Django's admin yet."""
