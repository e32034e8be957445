"""Monthly role-based scorecards (绩效考核表), rollups and HR's score-sheet exports."""
