# Accounts hold no protected objects of their own: a user only reads and edits their own profile.
