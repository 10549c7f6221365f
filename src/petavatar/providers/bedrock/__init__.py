"""Amazon Bedrock provider: Converse for the three text steps, InvokeModel for the avatar."""
