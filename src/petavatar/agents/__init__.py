"""PetAvatar's agents on an AgentCore-contract runtime: petavatar, test-agent, coach-companion.

Everything here needs the ``agents`` extra (strands-agents, bedrock-agentcore); nothing
outside this package imports it at module level.
"""
