"""OpenAI-compatible provider: OpenAI, Ollama, vLLM, LM Studio… through the official client."""
