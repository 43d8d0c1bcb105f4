/**
 * Deploys the AMM core on a network that already has wrapped ether:
 *
 *   npx hardhat ignition deploy ignition/modules/AmmWithWeth.ts --network <name> \
 *     --parameters '{"AmmWithWeth":{"weth":"0x…","feeToSetter":"0x…"}}'
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

const AmmWithWethModule = buildModule("AmmWithWeth", (m) => {
  const feeToSetter = m.getParameter("feeToSetter", m.getAccount(0));
  const weth = m.getParameter<string>("weth");
  const factory = m.contract("LanesFactory", [feeToSetter]);
  const router = m.contract("LanesRouter", [factory, weth]);
  return { factory, router };
});

export default AmmWithWethModule;
