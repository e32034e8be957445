"""Leave requests (请假/离岗) on China's working-day calendar: types, balances, cover, returns and absences."""
