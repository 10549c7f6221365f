"""AWS adapters: S3 blob store, DynamoDB job store, SQS job queue, Secrets Manager key store.

Import these modules only where the ``aws`` extra is installed: all but ``naming`` import
boto3.
"""
