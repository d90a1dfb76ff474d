"""One message catalogue per language; keys are shared, texts are not."""
