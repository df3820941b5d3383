/** Adds decimal-string amounts ("1200.50") in fen, so that the total is exact to the fen. */
export const sumAmounts = (amounts: readonly string[]): number => {
  const fen = amounts.reduce((total, amount) => total + Math.round(Number(amount) * 100), 0);
  return fen / 100;
};
