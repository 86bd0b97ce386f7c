"""Character classes for Vietnamese text in regular expressions (Python's re has no \\p{Lu})."""

# The capital letters of Vietnamese, for use inside [...]: "[" + UPPER + "]".
UPPER = "A-ZĐÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝĂĨŨƠƯẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸ"
