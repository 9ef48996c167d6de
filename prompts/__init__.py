"""Stage prompts, shipped in the wheel as package data of ``pipeline.prompts``."""
