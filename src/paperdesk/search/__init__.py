"""Search stage: embedder (lazy), stored vectors, the on-disk vector index, keyword index and
hybrid ranking. Nothing heavy (numpy, torch, faiss, onnxruntime) is imported at module level."""
