"""防贫网格通 Fangpin Field."""
