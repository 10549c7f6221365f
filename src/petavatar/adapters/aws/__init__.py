"""AWS adapters: S3 blob store, DynamoDB job store, SQS job queue, Secrets Manager key store.

Import this package only where the ``aws`` extra is installed: every module imports boto3.
"""
