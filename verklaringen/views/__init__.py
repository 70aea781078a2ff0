"""HTML views of verklaringen, one module per subject: the praktijkverklaring and mbo-verklaring
with stacking (`verklaring`), the register and revoking (`register`), and the public
verification pages (`verificatie`)."""
