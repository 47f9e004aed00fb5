"""A citizen's rights over their personal data: a copy of it, and leaving.

Vietnam's Decree 13/2023/ND-CP and the Personal Data Protection Law (in force since
1 January 2026) give a person the right to obtain their data and to have it deleted.
This feature sits above accounts and reports because both hold the citizen's data: it
reads them for the export and erases or unlinks them for the deletion, only through the
storage ports.
"""
