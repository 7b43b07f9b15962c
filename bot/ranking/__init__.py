"""Learned answer ranking and abstention (features, and the saved model that scores them)."""
