"""Leave requests (请假/离岗) on China's working-day calendar and the departure/transfer handover."""
