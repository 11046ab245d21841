"""What a reader sees: charts, computed sentences, exports and offline pages."""
