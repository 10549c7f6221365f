"""Tables that only the offline provider uses: the ImageNet-1k class labels and pet mapping."""
