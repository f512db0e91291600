// Refrain
