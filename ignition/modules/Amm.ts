/**
 * Deploys the AMM core with a WrappedEther of its own (for local and test networks):
 *
 *   npx hardhat ignition deploy ignition/modules/Amm.ts --network <name> \
 *     --parameters '{"Amm":{"feeToSetter":"0x…"}}'
 *
 * On a network that has WETH, deploy `AmmWithWeth.ts` instead. `feeToSetter` (who may turn the
 * protocol fee on) defaults to the deploying account.
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

const AmmModule = buildModule("Amm", (m) => {
  const feeToSetter = m.getParameter("feeToSetter", m.getAccount(0));
  const weth = m.contract("WrappedEther");
  const factory = m.contract("LanesFactory", [feeToSetter]);
  const router = m.contract("LanesRouter", [factory, weth]);
  return { factory, router, weth };
});

export default AmmModule;
