"""Record linkage in Kirok: runs, candidate pairs, reviewers' decisions and Identities.

The engine (kirok.linkage.engine) scores pairs of PersonRecords without Django; this app
builds those records from Person rows, stores every run so it can be reproduced, lets
reviewers decide pairs, and applies the clusters to Identities, reversibly.
"""
