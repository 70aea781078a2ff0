"""HTML views of monitoring: one module per subject (funnel, dashboard, rapport, importeren,
export)."""
